/**
 * Implementation of the shared-memory transport: file layouts, the writer, the readers, the payload ring, the
 * doorbells. Not API: may change in any release.
 *
 * <p><b>Waking a reader in another process.</b> A reader that is about to wait sets an {@code asleep} flag in its
 * slot of the channel header ({@link dev.jdora.shm.internal.ChannelHeader}) and looks once more for a message; the
 * writer publishes each message, then reads the flags, and for a set flag takes it (compare-and-set) and rings that
 * reader's bell: one byte on a Unix-domain socket. A node's consumer thread waits on a socket of its own
 * ({@link dev.jdora.shm.internal.ConsumerBell}), so the ring wakes it directly; writers held back by a reader, and
 * readers subscribed without a consumer bell, are woken by their process's {@link dev.jdora.shm.internal.Doorbell}
 * thread. A reader that is awake costs the writer one read of a cache line it reads anyway; a burst of
 * messages to a sleeping reader costs one ring. Why a socket: it works the same on JDK 17 and 25 without native code
 * (a futex through the FFM API needs 22+, an eventfd needs JNI or FFM to create and to pass between processes); the
 * kernel's wait on it costs no CPU; a writer learns at once that a reader's process is gone (the connection is
 * refused or reset) and stops ringing it; and the run directory's 0700 keeps every other user out. A FIFO would do
 * as well for the wake-up itself, but a writer cannot open one without blocking or tell a dead reader from a slow
 * one.
 */
@NullMarked
package dev.jdora.shm.internal;

import org.jspecify.annotations.NullMarked;

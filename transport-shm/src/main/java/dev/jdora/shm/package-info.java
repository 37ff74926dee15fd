/**
 * The shared-memory transport: node processes of one machine exchange Arrow messages through Chronicle Queue files
 * and a reusable ring of shared memory under the run directory. Found through {@link java.util.ServiceLoader} as
 * {@code shm}; see {@link dev.jdora.shm.ShmTransportProvider} for its settings.
 *
 * <p>Large bodies (at least {@code shm.inPlaceThreshold} bytes) lie in the output's payload ring and are read in place.
 * {@code OutputWriter.allocate} lends room in that ring to the sender, so a zero-copy send only appends a small
 * descriptor to the queue: the body is written once, by whoever fills the buffer.
 */
@NullMarked
package dev.jdora.shm;

import org.jspecify.annotations.NullMarked;

/**
 * Operating running dataflows: find them ({@link dev.jdora.runtime.ops.RunAddress}), ask their state, stop them, tap
 * an output and publish into one — what {@code jdora list/stop/logs/topic} use. {@link
 * dev.jdora.runtime.ops.DataflowOperations#local()} works on the runs of this user on this machine; a coordinator of
 * several machines can implement the same interface.
 */
@NullMarked
package dev.jdora.runtime.ops;

import org.jspecify.annotations.NullMarked;

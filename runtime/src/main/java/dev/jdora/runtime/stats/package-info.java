/**
 * Statistics of a running dataflow, per node, input and output: messages received, dropped and sent, bytes sent,
 * queue depth and send-to-delivery latency. Read them from the run itself ({@code DataflowRun.statistics()}) or,
 * given its run directory, from any other process of the same user ({@link dev.jdora.runtime.stats.RunStatistics#open}).
 * How they are kept (a small mapped file per node, ordered stores on the data path) is described in
 * {@code dev.jdora.core.internal.stats}.
 */
@NullMarked
package dev.jdora.runtime.stats;

import org.jspecify.annotations.NullMarked;

/**
 * Run statistics: counters that every node publishes about its inputs and outputs, readable from the daemon and from
 * any other process of the same user while the run goes on (a future {@code jdora top}). Not API: may change in any
 * release; the read API is {@code dev.jdora.runtime.stats.RunStatistics}.
 *
 * <p><b>Design.</b> One small file per node, {@code <run directory>/stats/<node>.stats}, created by the daemon before
 * any node starts (mode 0600 in the run directory's 0700 {@code stats/} directory, never following a symbolic link)
 * and removed with the run directory. The file describes itself (dataflow, node, its inputs with their sources, its
 * outputs; see {@link StatsLayout}), so a reader needs nothing but the run directory. The node maps it and writes
 * its counters in place; readers map it read-only. A run of thread nodes (in-JVM transport, no run directory) keeps
 * the same layout in direct memory.
 *
 * <p><b>Cost on the data path.</b> Each counter has one writer: an input's counters are written by the one thread
 * that polls its reader, an output's by the thread that holds the output's monitor while it sends (as
 * {@code Node.send} and {@code OutputBuffer.send} do). So a message costs plain loads and ordered stores
 * ({@code VarHandle.setRelease}, a plain store on x86), no atomic read-modify-write, no lock, no allocation: per
 * input message the received count, one latency bucket and the latency sum (plus the maximum when it grows), and
 * one wall-clock read for the latency; per sent message the sent count and the bytes. The drop count, which the
 * transport's reader keeps behind a lock, is copied every {@value RecordingReader#DROP_REFRESH} messages, whenever
 * the input has nothing queued and when the reader closes. Readers use {@code getAcquire}: each counter is exact and
 * never goes back, though two counters read one after the other may be a message apart. Queue depth is not counted
 * at all: a reader computes it as what the source output sent minus what the input received or dropped.
 *
 * <p><b>Why not Agrona's {@code CountersManager}.</b> It would do (it is how Aeron's CnC file is read by AeronStat),
 * but the counters here are a fixed set per node known before the node starts, so allocation and labels of
 * counters at run time buy nothing, and jdora-core would gain a dependency; the JDK's {@code VarHandle} over a
 * {@code MappedByteBuffer} gives the same ordered access with none.
 *
 * <p><b>Latency</b> is the time from the sender's timestamp (its hybrid logical clock, wall-clock based) to the
 * moment the input is polled, in a log-linear histogram: 8 buckets per power of two (values within 12.5 %), up to
 * 2<sup>40</sup> ns (18 minutes); enough for p50/p99. Across processes it includes the clocks' offset, which is zero
 * on one machine.
 */
@NullMarked
package dev.jdora.core.internal.stats;

import org.jspecify.annotations.NullMarked;

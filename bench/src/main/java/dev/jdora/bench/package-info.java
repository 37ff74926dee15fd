/**
 * Benchmarks of jdora next to its peers, measured by one harness in one run: {@link dev.jdora.bench.BenchMain} runs
 * the parts (latency at two rates and throughput, scaling, idle cost, lossless, allocation, start-up) and writes
 * their results and {@code summary.md} under {@code bench/results}; {@code bench/README.md} says what each measures.
 *
 * <p>Every system is measured the same way: a sender stamps {@link System#nanoTime()} (CLOCK_MONOTONIC on Linux, so
 * comparable across processes of one machine) right before it hands a message to the system, paced at a fixed
 * interval; the receiver takes {@code nanoTime()} as soon as the message is handed to it, drops a warm-up, and keeps
 * the rest in an HdrHistogram.
 */
package dev.jdora.bench;

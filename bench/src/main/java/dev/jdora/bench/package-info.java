/**
 * Benchmarks of jdora next to its peers, measured by one harness in one run: {@link dev.jdora.bench.LatencyBench}
 * runs every system for every payload size and writes {@code bench/results/latency.csv} and {@code latency.md}.
 *
 * <p>Every system is measured the same way: a sender stamps {@link System#nanoTime()} (CLOCK_MONOTONIC on Linux, so
 * comparable across processes of one machine) right before it hands a message to the system, paced at a fixed
 * interval; the receiver takes {@code nanoTime()} as soon as the message is handed to it, drops a warm-up, and keeps
 * the rest in an HdrHistogram.
 */
package dev.jdora.bench;

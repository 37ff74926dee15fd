/**
 * JMH microbenchmarks: the transport SPI ({@link dev.jdora.bench.jmh.TransportBenchmark}), event dispatch of the
 * pull API ({@link dev.jdora.bench.jmh.EventDispatchBenchmark}) and the {@code Flux} bridge
 * ({@link dev.jdora.bench.jmh.FluxBridgeBenchmark}). Run through {@link dev.jdora.bench.jmh.JmhMain} (see
 * bench/README.md) with {@code -prof gc} for the heap allocated per message.
 */
package dev.jdora.bench.jmh;

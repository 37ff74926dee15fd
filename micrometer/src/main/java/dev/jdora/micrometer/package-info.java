/**
 * Micrometer for jdora: {@link dev.jdora.micrometer.JdoraMetrics}, a {@code MeterBinder} over a run's statistics,
 * and {@link dev.jdora.micrometer.JdoraObservations}, Observations of sending and of handling an input that carry the
 * trace context from node to node in the message parameters ({@code open_telemetry_context}, as dora does).
 * Micrometer is the application's ({@code provided} scope): its version wins.
 */
@NullMarked
package dev.jdora.micrometer;

import org.jspecify.annotations.NullMarked;

/**
 * Operators sample ({@code samples/dataflows/operators.yml}): a plain node counts, and one runtime node hosts three
 * operators — a reactive one that scales, a stateful one that sums (its state survives a hot reload), and one that
 * reports — which hand their data to each other in memory.
 */
package dev.jdora.samples.operators;

/**
 * The jdora runtime: runs a dataflow on this machine — wires channels, starts nodes, runs timers, and drives the
 * lifecycle (start barrier, {@code InputClosed}, {@code Stop}, grace period, results). Entry point:
 * {@link dev.jdora.runtime.DataflowRunner}.
 */
@NullMarked
package dev.jdora.runtime;

import org.jspecify.annotations.NullMarked;

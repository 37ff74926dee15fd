/**
 * The node side of a node process: its configuration from the environment, the control channel to the daemon, and
 * the wiring of its inputs and outputs over a cross-process transport. Not API: may change in any release.
 */
@NullMarked
package dev.jdora.core.internal.process;

import org.jspecify.annotations.NullMarked;

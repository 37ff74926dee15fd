/**
 * Live views of running dataflows, for {@code jdora top} and {@code jdora ui}: samples of a run (its status, its
 * statistics, the CPU time and memory of its node processes), rows of rates computed from two samples, the terminal
 * view and the local web page. Not API.
 */
@NullMarked
package dev.jdora.cli.live;

import org.jspecify.annotations.NullMarked;

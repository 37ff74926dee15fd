/** The {@code jdora} command line: {@code run}, {@code check}, {@code graph}. */
@NullMarked
package dev.jdora.cli;

import org.jspecify.annotations.NullMarked;

/** Sample: see {@code samples/dataflows/}. */
@NullMarked
package dev.jdora.samples.pipeline;

import org.jspecify.annotations.NullMarked;

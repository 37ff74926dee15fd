/** Sample: see {@code samples/dataflows/}. */
@NullMarked
package dev.jdora.samples.camera;

import org.jspecify.annotations.NullMarked;

/**
 * The dataflow descriptor: the YAML model, its safe loader and its validation.
 */
@NullMarked
package dev.jdora.core.dataflow;

import org.jspecify.annotations.NullMarked;

/** The project that {@code jdora new} writes: {@link dev.jdora.cli.template.ProjectTemplate}. Not API. */
@NullMarked
package dev.jdora.cli.template;

import org.jspecify.annotations.NullMarked;

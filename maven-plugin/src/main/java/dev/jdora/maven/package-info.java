/**
 * The jdora Maven plugin: {@code mvn jdora:run}, {@code jdora:check} and {@code jdora:graph} run the {@code jdora}
 * command line ({@code dev.jdora.cli.Main}) in a JVM of its own, with the project's runtime class path given to every
 * node; {@code jdora:jvm-options} gives test JVMs the options jdora needs. Not API beyond the goals and their
 * parameters.
 */
@NullMarked
package dev.jdora.maven;

import org.jspecify.annotations.NullMarked;

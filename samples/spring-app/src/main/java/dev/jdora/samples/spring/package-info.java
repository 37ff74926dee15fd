/** Sample: the camera dataflow inside a Spring Boot WebFlux application. */
@NullMarked
package dev.jdora.samples.spring;

import org.jspecify.annotations.NullMarked;

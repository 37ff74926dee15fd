/** A Spring Boot application that tests start as a node of a dataflow, in a package of its own (component scan). */
@NullMarked
package dev.jdora.spring.boot.nodeapp;

import org.jspecify.annotations.NullMarked;

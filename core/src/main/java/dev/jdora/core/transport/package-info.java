/**
 * The transport SPI, implemented by the in-JVM reference transport and by the shared-memory transport.
 */
@NullMarked
package dev.jdora.core.transport;

import org.jspecify.annotations.NullMarked;

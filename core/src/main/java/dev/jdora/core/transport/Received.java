package dev.jdora.core.transport;

import dev.jdora.core.Metadata;
import org.apache.arrow.vector.ValueVector;

/**
 * One message taken from an {@link InputReader}. The caller owns {@code data} and must close it.
 *
 * @param data     the Arrow array
 * @param metadata its metadata
 */
public record Received(ValueVector data, Metadata metadata) {
}

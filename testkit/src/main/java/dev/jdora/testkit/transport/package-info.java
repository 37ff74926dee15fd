/**
 * {@link dev.jdora.testkit.transport.TransportCompatibilityKit}: the scenarios every
 * {@link dev.jdora.core.transport.Transport} must pass (ordering, fan-out, end of channel, {@code drop_oldest},
 * {@code backpressure}, large payloads, Arrow types and metadata, buffer ownership), each ending with leak checks.
 */
@NullMarked
package dev.jdora.testkit.transport;

import org.jspecify.annotations.NullMarked;

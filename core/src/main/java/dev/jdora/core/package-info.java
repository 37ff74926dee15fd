/**
 * The jdora node API: events, metadata, Arrow data helpers, the pull {@link dev.jdora.core.Node} and the {@link dev.jdora.core.Operator} API.
 */
@NullMarked
package dev.jdora.core;

import org.jspecify.annotations.NullMarked;

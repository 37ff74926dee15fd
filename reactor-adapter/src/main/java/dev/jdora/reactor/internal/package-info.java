/**
 * Implementation of the Reactor adapter. Not API: may change in any release.
 */
@NullMarked
package dev.jdora.reactor.internal;

import org.jspecify.annotations.NullMarked;

/**
 * Implementation of the node API. Not API: may change in any release.
 */
@NullMarked
package dev.jdora.core.internal;

import org.jspecify.annotations.NullMarked;

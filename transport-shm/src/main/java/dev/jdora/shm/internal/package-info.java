/**
 * Implementation of the shared-memory transport: file layouts, the writer, the readers, the payload ring. Not API:
 * may change in any release.
 */
@NullMarked
package dev.jdora.shm.internal;

import org.jspecify.annotations.NullMarked;

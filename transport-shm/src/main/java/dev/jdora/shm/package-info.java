/**
 * The shared-memory transport: node processes of one machine exchange Arrow messages through Chronicle Queue files
 * and a reusable ring of shared memory under the run directory. Found through {@link java.util.ServiceLoader} as
 * {@code shm}; see {@link dev.jdora.shm.ShmTransportProvider} for its settings.
 */
@NullMarked
package dev.jdora.shm;

import org.jspecify.annotations.NullMarked;

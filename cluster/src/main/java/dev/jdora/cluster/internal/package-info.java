/** The coordinator's and daemons' internals: not API. */
@NullMarked
package dev.jdora.cluster.internal;

import org.jspecify.annotations.NullMarked;

/** Implementation of the runtime. Not API: may change in any release. */
@NullMarked
package dev.jdora.runtime.internal;

import org.jspecify.annotations.NullMarked;

/** Not API: the recording's files, the recorder and replay nodes. May change in any release. */
@NullMarked
package dev.jdora.recording.internal;

import org.jspecify.annotations.NullMarked;

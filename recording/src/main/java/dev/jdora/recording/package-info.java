/**
 * Recordings of a dataflow's traffic: a directory with one Arrow IPC file per recorded output and a
 * {@code manifest.json}. {@link dev.jdora.recording.Recording} opens one and reads its messages back;
 * {@link dev.jdora.recording.RecordingPlans} adds the recorder node to a dataflow, or replaces nodes by replay
 * sources.
 *
 * <pre>
 * recording/
 *   manifest.json          the dataflow YAML, start and end time, jdora version, per output: file, messages, dropped
 *   dataflow.yml           the recorded dataflow, as it was
 *   camera.image.arrow     one Arrow IPC file per output (node/output with '/' as '.'), one row per message:
 *                            data          list&lt;T&gt;  the message's Arrow array
 *                            timestamp     timestamp[ns, UTC]  the sender's HLC time
 *                            hlc_counter   int32      the HLC logical counter
 *                            receive_time  timestamp[ns, UTC]  when the recorder received it
 *                            parameters    utf8       the message parameters as a JSON object
 * </pre>
 */
@NullMarked
package dev.jdora.recording;

import org.jspecify.annotations.NullMarked;

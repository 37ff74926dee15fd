package dev.jdora.testkit;

import dev.jdora.recording.RecordedMessages;
import dev.jdora.recording.Recording;
import dev.jdora.recording.RecordingException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ValueVector;

/** Reads one output of a recording into a harness input ({@link NodeTestHarness#replay}). Calling thread only. */
final class RecordingFeed {

    private RecordingFeed() {
    }

    /** Hands each recorded message to {@code send} (its data valid during the call); the count handed. */
    static long replay(Path dir, String output, BufferAllocator allocator,
                       BiConsumer<ValueVector, Map<String, Object>> send) {
        long sent = 0;
        try (RecordedMessages messages = Recording.open(dir).messages(output, allocator)) {
            while (messages.next()) {
                send.accept(messages.data(), messages.metadata().parameters());
                sent++;
            }
            return sent;
        } catch (RecordingException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}

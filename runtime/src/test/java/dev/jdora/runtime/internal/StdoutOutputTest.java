package dev.jdora.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Data;
import dev.jdora.core.Metadata;
import dev.jdora.core.transport.ChannelClosedException;
import dev.jdora.core.transport.OutputWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ValueVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A {@code send_stdout_as} output: one message per printed line, and an end that a stuck reader cannot hold up. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StdoutOutputTest {

    private final RootAllocator root = new RootAllocator();

    @Test
    void eachLineIsOneStringWithoutItsLineEndAndTheEndClosesTheChannel() {
        Recorder writer = new Recorder(false);
        StdoutOutput output = new StdoutOutput("n", "log", writer, child());

        output.line("first");
        output.line("second\r");
        output.end(Optional.empty());
        output.line("after the end");

        assertThat(writer.lines).containsExactly("first", "second");
        assertThat(writer.ends).containsExactly("closed");
        assertThat(root.getAllocatedMemory()).isZero();
        root.close(); // fails if the output's allocator was left open
    }

    @Test
    void abortEndsTheChannelWhileALineWaitsForAReaderThatNeverReads() throws Exception {
        Recorder writer = new Recorder(true);
        StdoutOutput output = new StdoutOutput("n", "log", writer, child());
        Thread printer = new Thread(() -> output.line("stuck"), "printer");
        printer.start();
        assertThat(writer.sending.await(10, TimeUnit.SECONDS)).as("the line is being sent").isTrue();

        output.abort("did not stop");
        printer.join(TimeUnit.SECONDS.toMillis(10));
        output.end(Optional.empty());

        assertThat(printer.isAlive()).as("the waiting line gave up").isFalse();
        assertThat(writer.ends).containsExactly("failed: node 'n' failed: did not stop");
        root.close();
    }

    private BufferAllocator child() {
        return root.newChildAllocator("stdout", 0, Long.MAX_VALUE);
    }

    /** Records lines and ends; when {@code blocking}, a send waits until the channel ends, as for a stuck reader. */
    private static final class Recorder implements OutputWriter {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<String> ends = new CopyOnWriteArrayList<>();
        final CountDownLatch sending = new CountDownLatch(1);
        private final CountDownLatch ended = new CountDownLatch(1);
        private final boolean blocking;

        Recorder(boolean blocking) {
            this.blocking = blocking;
        }

        @Override
        public void send(ValueVector data, Metadata metadata) throws InterruptedException {
            sending.countDown();
            if (blocking) {
                ended.await();
                throw new ChannelClosedException("the channel ended");
            }
            lines.add(String.join("|", Data.strings(data)));
        }

        @Override
        public void close() {
            ends.add("closed");
            ended.countDown();
        }

        @Override
        public void fail(String error) {
            ends.add("failed: " + error);
            ended.countDown();
        }
    }
}

package dev.jdora.cluster.internal;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.agrona.concurrent.IdleStrategy;
import org.apache.arrow.vector.FieldVector;
import org.jspecify.annotations.Nullable;

/**
 * The program of a receiver node, which stands in for a node of another machine under that node's id: polls the Aeron
 * stream of each of its outputs read here and writes what arrives into the local channel, which local readers tail.
 * Returns when every stream has ended; throws — so local readers get {@code NodeFailed} and then {@code InputClosed} —
 * when the remote node failed or its machine is lost. Runs as a thread of the daemon; blocks while a local
 * {@code backpressure} reader is behind, which holds the stream, and through Aeron's flow control the sender.
 */
final class ReceiverNode implements NodeMain {

    private final Map<String, Subscription> streams;
    private final Supplier<Optional<String>> lost;

    /**
     * @param streams the stream of each output
     * @param lost    why the remote node is gone with its machine, once it is
     */
    ReceiverNode(Map<String, Subscription> streams, Supplier<Optional<String>> lost) {
        this.streams = streams;
        this.lost = lost;
    }

    /** The remote node failed: its error, as the local readers will see it in {@code NodeFailed}. */
    static final class RemoteFailure extends RuntimeException {
        RemoteFailure(String message) {
            super(message, null, false, false);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    @Override
    public void run(Node node) throws Exception {
        List<Stream> all = new ArrayList<>();
        String[] failure = new String[1];
        try {
            streams.forEach((output, subscription) -> all.add(new Stream(node, output, subscription, failure)));
            List<Stream> open = new ArrayList<>(all);
            IdleStrategy idle = new ReceiverIdle();
            while (!open.isEmpty()) {
                int work = 0;
                for (Stream stream : open) {
                    work += stream.subscription.poll(stream.assembler, 64);
                }
                open.removeIf(s -> s.ended);
                Optional<Event> event = node.next(Duration.ZERO);
                if (event.isPresent() && event.get() instanceof Event.Stop) {
                    return;
                }
                Optional<String> gone = lost.get();
                if (gone.isPresent()) {
                    throw new RemoteFailure(gone.get());
                }
                idle.idle(work);
            }
        } finally {
            all.forEach(Stream::close);
        }
        if (failure[0] != null) {
            throw new RemoteFailure(ForwarderNode.reason(node.id(), failure[0]));
        }
    }

    /** One output's stream. */
    private static final class Stream implements FrameReader.Sink, AutoCloseable {
        final Subscription subscription;
        final FragmentAssembler assembler;
        private final Node node;
        private final String output;
        private final String[] failure;
        private final FrameReader reader;
        boolean ended;

        Stream(Node node, String output, Subscription subscription, String[] failure) {
            this.node = node;
            this.output = output;
            this.subscription = subscription;
            this.failure = failure;
            this.reader = new FrameReader(node.allocator(), this);
            this.assembler = new FragmentAssembler((buffer, offset, length, header) -> {
                try {
                    reader.onChunk(buffer, offset, length);
                } catch (IOException e) {
                    throw new UncheckedIOException("output '" + output + "': " + e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("output '" + output + "': interrupted", e);
                }
            });
        }

        @Override
        public void data(FieldVector data, long hlcNanos, int hlcCounter, Map<String, Object> parameters) {
            node.clock().update(hlcNanos, hlcCounter);
            node.send(output, data, parameters.isEmpty() ? Map.of() : new LinkedHashMap<>(parameters));
        }

        @Override
        public void end(@Nullable String error) {
            ended = true;
            if (error != null && failure[0] == null) {
                failure[0] = error;
            }
        }

        @Override
        public void close() {
            reader.close();
        }
    }
}

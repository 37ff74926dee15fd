package dev.jdora.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.internal.BoundInput;
import dev.jdora.core.internal.NodeContext;
import dev.jdora.core.internal.NodeContexts;
import dev.jdora.core.internal.StartBarrier;
import dev.jdora.core.internal.WakeSignal;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.Received;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/** Node {@code n} whose only input fails when read, so that its event stream ends with {@code Event.Error}. */
final class FailingWiring implements AutoCloseable {

    private final RootAllocator allocator = new RootAllocator();
    private final ReactorNode reactor;

    FailingWiring() {
        BoundInput input = new BoundInput("in", "src", false, new FailingReader(), Optional.empty());
        NodeContext context = new NodeContext(TestWiring.NODE, List.of(input), Map.of(), allocator,
                StartBarrier.open(), new WakeSignal());
        reactor = ReactorNode.of(NodeContexts.open(context));
    }

    ReactorNode reactor() {
        return reactor;
    }

    @Override
    public void close() {
        reactor.close();
        TestWiring.awaitNoJdoraThreads();
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
    }

    private static final class FailingReader implements InputReader {
        @Override
        public Received poll(BufferAllocator allocator) {
            throw new IllegalStateException("disk on fire");
        }

        @Override
        public void release() {
        }

        @Override
        public long oldestArrivalNanos() {
            return System.nanoTime();
        }

        @Override
        public State state() {
            return new State.Open();
        }

        @Override
        public QueuePolicy queuePolicy() {
            return QueuePolicy.DROP_OLDEST;
        }

        @Override
        public long droppedCount() {
            return 0;
        }

        @Override
        public void close() {
        }
    }
}

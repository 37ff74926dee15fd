package dev.jdora.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdora.core.Event;
import dev.jdora.core.NodeMain;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.InputReader;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

@Timeout(60)
class ReactiveNodeMainTest {

    @Test
    void lambdaRunsAsANodeMainAndReturnsAfterStop() throws Exception {
        try (TestWiring w = TestWiring.create(QueuePolicy.BACKPRESSURE, 10)) {
            InputReader reader = w.subscribeToOutput(100, QueuePolicy.BACKPRESSURE);
            for (long i = 0; i < 10; i++) {
                w.write(i);
            }
            w.endSource();

            NodeMain main = (ReactiveNodeMain) node -> node.send("out", node.events()
                    .ofType(Event.Input.class)
                    .map(Event.Input::takeData));
            main.run(w.node()); // blocks until the publisher completes, after Stop(ALL_INPUTS_CLOSED)

            assertThat(w.drain(reader, 10)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
            assertThat(w.node().isEndOfStream()).as("run(Node) closed the node").isTrue();
            reader.close();
        }
    }

    @Test
    void errorOfThePublisherIsRethrownAsIs() {
        try (TestWiring w = TestWiring.create(QueuePolicy.DROP_OLDEST, 10)) {
            NodeMain main = (ReactiveNodeMain) node -> Mono.error(new IOException("camera unplugged"));

            assertThatThrownBy(() -> main.run(w.node()))
                    .isInstanceOf(IOException.class)
                    .hasMessage("camera unplugged");
        }
    }

    @Test
    void classImplementationReadsLikeNodeMain() throws Exception {
        try (TestWiring w = TestWiring.create(QueuePolicy.DROP_OLDEST, 10)) {
            w.endSource();
            Counter counter = new Counter();

            counter.run(w.node());

            assertThat(counter.events).isEqualTo(2); // InputClosed, Stop
        }
    }

    /** The shape of a reactive node class the runtime instantiates. */
    static final class Counter implements ReactiveNodeMain {
        int events;

        @Override
        public Mono<Void> run(ReactorNode node) {
            return node.events().doOnNext(e -> events++).then();
        }
    }
}

package __PACKAGE__;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.reactor.ReactiveNodeMain;
import dev.jdora.reactor.ReactorNode;
import org.reactivestreams.Publisher;

/**
 * Sends the square of each number it gets on {@code number} to {@code square}.
 *
 * <p>A reactive node: {@code events()} is a {@code Flux} that completes after {@code Stop}; the node ends when the
 * returned publisher does. An input's data is lent for the duration of {@code map}; the vector handed to
 * {@code send} is new, and {@code send} closes it once sent.
 */
public final class Square implements ReactiveNodeMain {

    @Override
    public Publisher<?> run(ReactorNode node) {
        return node.send("square", node.events()
                .ofType(Event.Input.class)
                .map(input -> Data.toLongs(input.data())[0])
                .map(n -> Data.longs(n * n)));
    }
}

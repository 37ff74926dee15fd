package __PACKAGE__;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;

/**
 * Sends 1, 2, … {@code COUNT} (its {@code env:}, default 10) on {@code number}, one per {@code tick}, then returns.
 * A returning node has ended: its outputs close, and the nodes that read them get {@code InputClosed}.
 *
 * <p>A pull loop, as in dora's tutorial: iterating the node blocks until the next event.
 */
public final class Counter implements NodeMain {

    @Override
    public void run(Node node) {
        long count = Long.parseLong(node.env().getOrDefault("COUNT", "10"));
        long sent = 0;
        for (Event event : node) {
            if (event instanceof Event.Input input && input.id().equals("tick")) {
                node.sendLongs("number", ++sent);
                if (sent == count) {
                    return;
                }
            }
            // Stop ends the loop; other event kinds (and kinds added later) need nothing here
        }
    }
}

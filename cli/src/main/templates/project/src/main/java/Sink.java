package __PACKAGE__;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;

/**
 * Prints each value it gets, and how its stream ended: once {@code square} has ended, {@code InputClosed} and then
 * {@code Stop(ALL_INPUTS_CLOSED)}, after which the loop ends and so does the node.
 */
public final class Sink implements NodeMain {

    @Override
    public void run(Node node) {
        int received = 0;
        for (Event event : node) {
            if (event instanceof Event.Input input) {
                received++;
                System.out.println(input.id() + " " + Data.toLongs(input.data())[0]);
            } else if (event instanceof Event.InputClosed closed) {
                System.out.println(closed.id() + " closed");
            } else if (event instanceof Event.Stop stop) {
                System.out.println("received " + received + " values; stop: " + stop.cause());
            }
            // other kinds (and kinds added later) are ignored on purpose
        }
    }
}

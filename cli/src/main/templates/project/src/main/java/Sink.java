package __PACKAGE__;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;

/**
 * Prints each square it gets with the running sum, and how its stream ended: once {@code square} has ended, the
 * node gets {@code InputClosed} and then {@code Stop(ALL_INPUTS_CLOSED)}, after which the loop ends, and the node too.
 */
public final class Sink implements NodeMain {

    @Override
    public void run(Node node) {
        long count = 0;
        long sum = 0;
        for (Event event : node) {
            if (event instanceof Event.Input input) {
                long square = Data.toLongs(input.data())[0];
                count++;
                sum += square;
                System.out.println(input.id() + " " + square + " (sum " + sum + ")");
            } else if (event instanceof Event.Stop stop) {
                System.out.println(count + " squares, sum " + sum + "; stop: " + stop.cause());
            }
            // InputClosed needs nothing here; other kinds (and kinds added later) are ignored on purpose
        }
    }
}

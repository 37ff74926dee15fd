package dev.jdora.samples.pipeline;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;

/** Prints what arrives on {@code square}, and how its stream ended. */
public final class Printer implements NodeMain {

    @Override
    public void run(Node node) {
        int received = 0;
        for (Event event : node) {
            if (event instanceof Event.Input input) {
                received++;
                System.out.println(input.id() + ": " + Data.toLongs(input.data())[0]);
            } else if (event instanceof Event.InputClosed closed) {
                System.out.println(closed.id() + " closed");
            } else if (event instanceof Event.Stop stop) {
                System.out.println("received " + received + " values; stop: " + stop.cause());
            }
            // other kinds (Reload, NodeFailed, NodeRestarted, InputRecovered, Error, and kinds added later) are
            // ignored on purpose
        }
    }
}

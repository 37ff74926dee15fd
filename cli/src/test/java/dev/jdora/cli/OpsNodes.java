package dev.jdora.cli;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import java.util.Arrays;

/** Nodes of the tests of background runs and topics. */
final class OpsNodes {

    private OpsNodes() {
    }

    /** Sends 0, 1, 2, … on {@code count}, one per tick of its timer input. */
    public static final class Counter implements NodeMain {
        @Override
        public void run(Node node) {
            long n = 0;
            for (Event event : node) {
                if (event instanceof Event.Input) {
                    node.sendLongs("count", n++);
                }
            }
        }
    }

    /** Prints each value of its {@code command} input as {@code command=<values>}; counts the rest quietly. */
    public static final class Printer implements NodeMain {
        @Override
        public void run(Node node) {
            System.out.println("printer started");
            for (Event event : node) {
                if (event instanceof Event.Input in && in.id().equals("command")) {
                    System.out.println("command=" + Arrays.toString(Data.toLongs(in.data())));
                }
            }
        }
    }
}

package dev.jdora.cli;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Nodes of the tests of background runs and topics. */
final class OpsNodes {

    private OpsNodes() {
    }

    /** A dataflow of one {@link Counter} node counting the ticks of a timer of {@code hz}, in file {@code file}. */
    static Path counterDataflow(Path file, int hz) throws IOException {
        return Files.writeString(file, "nodes:\n  - id: counter\n    class: " + Counter.class.getName() + "\n"
                + "    inputs: {tick: dora/timer/hz/" + hz + "}\n    outputs: [count]\n");
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

package dev.jdora.cli;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;

/** Nodes for {@link CtrlCTest}, run by a real {@code jdora run} process. */
final class InterruptNodes {

    private InterruptNodes() {
    }

    /** Ticks until stopped; says so. */
    public static final class Ticker implements NodeMain {
        @Override
        public void run(Node node) {
            boolean announced = false;
            for (Event event : node) {
                if (!announced && event instanceof Event.Input) {
                    System.out.println("started");
                    announced = true;
                } else if (event instanceof Event.Stop stop) {
                    System.out.println("stopping: " + stop.cause());
                }
            }
        }
    }

    /** Ignores Stop and interrupts: only a hard stop ends it. */
    public static final class Deaf implements NodeMain {
        @Override
        public void run(Node node) {
            for (Event event : node) {
                if (event instanceof Event.Input) {
                    System.out.println("started");
                } else if (event instanceof Event.Stop) {
                    System.out.println("ignoring stop");
                    while (true) {
                        Thread.interrupted();
                        Thread.onSpinWait();
                        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                    }
                }
            }
        }
    }
}

package dev.jdora.cli;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Operator;
import dev.jdora.core.OperatorStatus;
import dev.jdora.core.Outputs;

/** Operators hosted by a runtime node process; they print what they see to the node's log. */
final class ProcessOperators {

    private ProcessOperators() {
    }

    /** Forwards each input's first long on {@code out}; prints a summary (count, in order or not) at the end. */
    public static final class Forward implements Operator {
        private long expected;
        private boolean inOrder = true;

        @Override
        public OperatorStatus onEvent(Event event, Outputs outputs) {
            if (event instanceof Event.Input in) {
                long value = Data.toLongs(in.data())[0];
                inOrder &= value == expected++;
                outputs.sendLongs("out", value);
            } else if (event instanceof Event.Stop stop) {
                System.out.println(getClass().getSimpleName() + " " + System.identityHashCode(this) + " received "
                        + expected + " in order " + inOrder + " then Stop " + stop.cause());
            }
            return OperatorStatus.CONTINUE;
        }
    }

    /** Returns {@code STOP_ALL} on its third input, and prints its Stop. */
    public static final class StopAll implements Operator {
        private int inputs;

        @Override
        public OperatorStatus onEvent(Event event, Outputs outputs) {
            if (event instanceof Event.Stop stop) {
                System.out.println("stopper got Stop " + stop.cause());
            }
            return event instanceof Event.Input && ++inputs == 3 ? OperatorStatus.STOP_ALL : OperatorStatus.CONTINUE;
        }
    }
}

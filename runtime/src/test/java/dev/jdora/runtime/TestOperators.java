package dev.jdora.runtime;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Operator;
import dev.jdora.core.OperatorStatus;
import dev.jdora.core.Outputs;
import java.util.concurrent.CopyOnWriteArrayList;

/** Operator classes the runtime tests host; they record what they see in {@link TestNodes#SEEN} by class name. */
final class TestOperators {

    private TestOperators() {
    }

    /** Records every event and forwards each input's first long on {@code out} (if declared). */
    abstract static class Recording implements Operator {
        private int inputs;

        @Override
        public OperatorStatus onEvent(Event event, Outputs outputs) {
            TestNodes.SEEN.computeIfAbsent(getClass().getSimpleName(), k -> new CopyOnWriteArrayList<>())
                    .add(TestNodes.describe(event));
            if (event instanceof Event.Input in) {
                inputs++;
                if (outputs.outputIds().contains("out") && in.data().getValueCount() > 0) {
                    outputs.sendLongs("out", Data.toLongs(in.data())[0]);
                }
                return afterInput(inputs);
            }
            return OperatorStatus.CONTINUE;
        }

        OperatorStatus afterInput(int count) {
            return OperatorStatus.CONTINUE;
        }
    }

    public static final class OpA extends Recording {
    }

    public static final class OpB extends Recording {
    }

    /** Returns {@code STOP} after its third input. */
    public static final class StopAfterThree extends Recording {
        @Override
        OperatorStatus afterInput(int count) {
            return count == 3 ? OperatorStatus.STOP : OperatorStatus.CONTINUE;
        }
    }

    /** Returns {@code STOP_ALL} on its second input. */
    public static final class StopAllOnSecond extends Recording {
        @Override
        OperatorStatus afterInput(int count) {
            return count == 2 ? OperatorStatus.STOP_ALL : OperatorStatus.CONTINUE;
        }
    }

    /** Throws on its first input. */
    public static final class Thrower implements Operator {
        @Override
        public OperatorStatus onEvent(Event event, Outputs outputs) {
            if (event instanceof Event.Input) {
                throw new IllegalStateException("boom");
            }
            return OperatorStatus.CONTINUE;
        }
    }

    /** Not an operator. */
    public static final class NotAnOperator {
    }
}

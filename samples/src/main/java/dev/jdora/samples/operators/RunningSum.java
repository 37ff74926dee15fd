package dev.jdora.samples.operators;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.OperatorStatus;
import dev.jdora.core.Outputs;
import dev.jdora.core.StatefulOperator;

/**
 * A plain operator that keeps state: sends the running sum of {@code value} on {@code total}. Its sum survives a hot
 * reload ({@code jdora run --hot-reload}): edit it, recompile, and the new version goes on from the old sum.
 */
public final class RunningSum implements StatefulOperator {

    private long sum;

    @Override
    public OperatorStatus onEvent(Event event, Outputs outputs) {
        if (event instanceof Event.Input in) {
            sum += Data.toLongs(in.data())[0];
            outputs.sendLongs("total", sum);
        }
        return OperatorStatus.CONTINUE;
    }

    @Override
    public Object saveState() {
        return sum;
    }

    @Override
    public void restoreState(Object state) {
        sum = (Long) state;
    }
}

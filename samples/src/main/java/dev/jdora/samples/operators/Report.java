package dev.jdora.samples.operators;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Operator;
import dev.jdora.core.OperatorStatus;
import dev.jdora.core.Outputs;

/** A plain operator: prints every {@code total}, and a summary at {@code Stop}. */
public final class Report implements Operator {

    private int received;

    @Override
    public OperatorStatus onEvent(Event event, Outputs outputs) {
        if (event instanceof Event.Input in) {
            received++;
            System.out.println("total: " + Data.toLongs(in.data())[0]);
        } else if (event instanceof Event.Stop stop) {
            System.out.println("report: " + received + " totals; stop: " + stop.cause());
        }
        return OperatorStatus.CONTINUE;
    }
}

package dev.jdora.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jdora up}: kept for dora's users, and does nothing. jdora has no per-user daemon: every dataflow, in the
 * foreground ({@code jdora run}) or the background ({@code jdora start}), is a process of its own that registers in
 * the user's private runtime directory and answers on its own socket. Nothing has to be up before a start, nothing
 * stays behind after the last run, and one run's crash cannot take the others with it. A dataflow across machines
 * needs a coordinator and a daemon per machine; {@code up} does not start them (they are long-running services with
 * a secret and addresses to choose), it says how.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Nothing to do: jdora needs no daemon. Each dataflow is its own process, registered in your "
                + "runtime directory (see jdora start, jdora list). Across machines: jdora coordinator, and jdora "
                + "daemon on each machine."})
final class UpCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println("jdora needs no daemon: 'jdora start <dataflow.yml>' runs a dataflow in "
                + "the background, 'jdora list' shows the running ones");
        spec.commandLine().getOut().println("across machines, up starts nothing either: run 'jdora coordinator "
                + "--bind HOST:PORT' once, 'jdora daemon --machine-id ID --coordinator HOST:PORT' on each machine, then "
                + "'jdora start --coordinator HOST:PORT <dataflow.yml>'");
        spec.commandLine().getOut().flush();
        return 0;
    }
}

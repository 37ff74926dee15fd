package dev.jdora.cli;

import dev.jdora.cli.live.LiveGraphServer;
import dev.jdora.runtime.ops.DataflowOperations;
import dev.jdora.runtime.ops.OperationException;
import dev.jdora.runtime.ops.RunAddress;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code jdora ui} (also {@code jdora graph --live}): serves a live picture of a running dataflow on 127.0.0.1, behind
 * a random token in the address it prints, until Ctrl-C or the end of the run.
 */
@Command(name = "ui", mixinStandardHelpOptions = true,
        description = {"Serve a live graph of a running dataflow on http://127.0.0.1 (only this machine), at an "
                + "address with a random token that it prints (any request without it gets 403). The page draws the "
                + "graph offline and updates every second: messages per second, queue depth and drops on each edge, "
                + "each node coloured by its state (failed: red), and a node's last log lines on a click.",
            "Stops on Ctrl-C, or when the run ends: the page then keeps the run's last state, says it ended, and "
                    + "jdora ui exits a moment later (status 0)."})
final class UiCommand implements Callable<Integer> {

    /** How long the page may still fetch the last state of an ended run before the server stops. */
    private static final Duration LINGER = Duration.ofSeconds(3);

    @Parameters(index = "0", paramLabel = "DATAFLOW", description = "the name or id of the running dataflow")
    private String target;

    @Option(names = "--port", paramLabel = "PORT", description = "the port on 127.0.0.1 (default: a free one)")
    private int port;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        return serve(target, port, spec);
    }

    /** Serves the page of {@code target} until Ctrl-C or the end of the run; returns the exit status. */
    static int serve(String target, int port, CommandSpec spec) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (port < 0 || port > 65535) {
            err.println("error: --port must be between 0 and 65535, not " + port);
            return Main.USER_ERROR;
        }
        DataflowOperations ops = RunTargets.operations();
        RunAddress run;
        LiveGraphServer server;
        try {
            run = ops.resolve(target);
            server = LiveGraphServer.start(ops, run, port);
        } catch (OperationException e) {
            return RunTargets.report(e, err);
        } catch (IOException e) {
            err.println("error: cannot serve on 127.0.0.1:" + port + ": " + e.getMessage());
            return Main.USER_ERROR;
        }
        CountDownLatch interrupted = new CountDownLatch(1);
        SignalHandler previous = Signal.handle(new Signal("INT"), signal -> interrupted.countDown());
        try (server) {
            out.println("live graph of " + run.name() + ": " + server.url());
            out.println("(only on this machine; Ctrl-C stops it, and so does the end of the run)");
            out.flush();
            while (!interrupted.await(200, TimeUnit.MILLISECONDS)) {
                if (server.awaitRunEnd(Duration.ZERO)) {
                    out.println("dataflow " + run.name() + " has ended: the page shows its last state; stopping");
                    out.flush();
                    interrupted.await(LINGER.toMillis(), TimeUnit.MILLISECONDS);
                    return 0;
                }
            }
            out.println("stopped");
            out.flush();
            return 0;
        } finally {
            Signal.handle(new Signal("INT"), previous);
        }
    }
}

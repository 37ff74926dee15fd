package dev.jdora.runtime.internal;

import dev.jdora.core.dataflow.BuildStep;
import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.NodeSpec;
import dev.jdora.core.dataflow.OperatorSpec;
import dev.jdora.runtime.BuildFailedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Runs the {@code build:} commands of a dataflow (see {@code DataflowBuilder}): one process at a time, on the
 * calling thread, which also reads the process's merged output. Stateless.
 */
public final class BuildRunner {

    private BuildRunner() {
    }

    /** How many {@code build:} commands the nodes and operators of {@code dataflow} have. */
    public static int commandCount(Dataflow dataflow) {
        int count = 0;
        for (NodeSpec node : dataflow.nodes()) {
            count += node.build().size();
            for (OperatorSpec op : node.operators()) {
                count += op.build().size();
            }
        }
        return count;
    }

    /** Runs them in file order, a node's own before its operators'; stops at the first that fails. */
    public static void run(Dataflow dataflow, Consumer<String> output)
            throws BuildFailedException, InterruptedException {
        Path directory = dataflow.file().toAbsolutePath().getParent();
        for (NodeSpec node : dataflow.nodes()) {
            String who = "node '" + node.id() + "'";
            for (BuildStep step : node.build()) {
                runStep(step, who, node.id() + " | ", directory, node.env(), output);
            }
            for (OperatorSpec op : node.operators()) {
                for (BuildStep step : op.build()) {
                    runStep(step, who + ": operator '" + op.id() + "'", node.id() + "/" + op.id() + " | ",
                            directory, node.env(), output);
                }
            }
        }
    }

    private static void runStep(BuildStep step, String who, String prefix, Path directory, Map<String, String> env,
                                Consumer<String> output) throws BuildFailedException, InterruptedException {
        output.accept(prefix + "running build command '" + step.line() + "' in " + directory);
        ProcessBuilder builder = new ProcessBuilder(step.command()).directory(directory.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new BuildFailedException(step.location(), who + ": build command '" + step.line()
                    + "' could not be started: " + e.getMessage(), step.line(), OptionalInt.empty());
        }
        closeInput(process);
        Thread reaper = new Thread(() -> destroyTree(process), "jdora-build-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            copyLines(process, prefix, output);
            int status = process.waitFor();
            if (status != 0) {
                throw new BuildFailedException(step.location(), who + ": build command '" + step.line()
                        + "' exited with status " + status, step.line(), OptionalInt.of(status));
            }
        } finally {
            destroyTree(process);
            removeHook(reaper);
        }
    }

    private static void copyLines(Process process, String prefix, Consumer<String> output)
            throws InterruptedException {
        try (BufferedReader lines = process.inputReader(StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.accept(prefix + line);
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while a build command ran");
                }
            }
        } catch (IOException e) {
            // the pipe broke: the process is gone or going; its exit status says how it ended
            output.accept(prefix + "jdora: cannot read more output of this command: " + e.getMessage());
        }
    }

    /** Destroys a command that still runs, and its children (not what it left running after it ended). */
    private static void destroyTree(Process process) {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // this JVM is shutting down: the hook runs or has run
        }
    }

    /** A build command reads nothing: its input is at its end from the start, as in dora. */
    private static void closeInput(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // the process is already gone; its exit status says how it ended
        }
    }
}

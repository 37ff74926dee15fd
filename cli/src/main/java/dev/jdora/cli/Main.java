package dev.jdora.cli;

import dev.jdora.runtime.ops.OperationException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code jdora}: run, build, check and draw dataflows. Exit status: 0 success, 1 a node or a {@code build:} command
 * failed, 2 a user error (bad YAML, unknown file, bad option).
 */
@Command(name = "jdora", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A dataflow runtime for the JVM in the model of dora-rs.",
        subcommands = {RunCommand.class, BuildCommand.class, CheckCommand.class, GraphCommand.class, NewCommand.class,
            StartCommand.class, ListCommand.class, StopCommand.class, LogsCommand.class, TopicCommand.class,
            DownCommand.class, UpCommand.class, TopCommand.class, UiCommand.class, RecordCommand.class,
            ReplayCommand.class, RecordingCommand.class, NodeCommand.class, CoordinatorCommand.class,
            DaemonCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success", "1:a node or a build: command failed",
            "2:a user error (bad YAML, unknown file, bad option)"})
public final class Main implements Runnable {

    /** Exit status of a user error. */
    public static final int USER_ERROR = 2;

    @CommandLine.Spec
    private CommandLine.Model.@org.jspecify.annotations.Nullable CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit status. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line with the given standard output and error (tests) and returns its exit status. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(UsageErrors::report);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + UsageErrors.describe(e));
            return exitStatus(e);
        });
        return cli.execute(args);
    }

    /**
     * The exit status of a command that threw instead of returning one: 2 for a user error that a command let through
     * (an {@link OperationException} that says so, or an {@link IllegalArgumentException}: a value the user gave that
     * cannot be used, such as a bad secret or machine id), 1 for anything else — an I/O failure, a failed operation, a
     * bug.
     * Commands catch what they expect and return their own status; this is the net under them.
     */
    static int exitStatus(Exception e) {
        return e instanceof OperationException o && o.userError() || e instanceof IllegalArgumentException
                ? USER_ERROR : RunTargets.FAILED;
    }

    @Override
    public void run() {
        if (spec != null) {
            spec.commandLine().usage(System.out);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"jdora " + (v == null ? "(development build)" : v)};
        }
    }
}

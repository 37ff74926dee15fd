package dev.jdora.cli;

import dev.jdora.cluster.ClusterSecret;
import dev.jdora.cluster.CoordinatorOperations;
import dev.jdora.core.internal.OwnerOnly;
import dev.jdora.runtime.internal.UserDirectory;
import dev.jdora.runtime.ops.OperationException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jdora up}: starts a coordinator and a daemon of this machine in the background ({@code jdora coordinator} and
 * {@code jdora daemon}, each detached as {@code jdora start} detaches a run, the console of each in this user's private
 * log directory), and returns once the daemon has registered. Not needed for {@code jdora run} or {@code jdora start}
 * on one machine: it is the one-command way to a coordinator on this machine, to try a dataflow across machines
 * locally or to host the coordinator of several. The secret is {@code $JDORA_TOKEN} or {@code --token-file}, else
 * {@value ClusterSecret#DEFAULT_FILE} in the runtime directory (created, random, 0600), which the commands of this user
 * then find on their own. What it started is recorded ({@link UpState}) for {@code jdora down}.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start a jdora coordinator and a jdora daemon of this machine in the background, and return "
                + "once the daemon has registered; jdora down stops them. Not needed on one machine (jdora run and "
                + "jdora start need no daemon): it is for dataflows across machines, tried here, or with this "
                + "machine hosting the coordinator (give --bind an address other machines reach).",
            "The secret: $" + ClusterSecret.ENV + " or --token-file, else " + ClusterSecret.DEFAULT_FILE + " in your "
                    + "private runtime directory (created, random, mode 0600; your jdora commands read it on their "
                    + "own). Consoles: up-*.console.log in its logs/."})
final class UpCommand implements Callable<Integer> {

    private static final Pattern LISTENING = Pattern.compile("coordinator listening on (\\S+)");
    private static final String MACHINE_ID = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}";
    private static final Duration STARTUP = Duration.ofMinutes(1);
    private static final int TOKEN_BYTES = 32;

    @Option(names = "--bind", paramLabel = "HOST:PORT", converter = ClusterOptions.HostPort.class,
            description = "where the coordinator listens (default: 127.0.0.1:" + CoordinatorCommand.DEFAULT_PORT
                    + ", this machine only)")
    private String bind = "127.0.0.1:" + CoordinatorCommand.DEFAULT_PORT;

    @Option(names = "--machine-id", paramLabel = "ID",
            description = "this machine's id, as deploy.machine names it (default: the host name)")
    private Optional<String> machineId = Optional.empty();

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "the cluster secret, a file only you may read (mode 0600) (default: $" + ClusterSecret.ENV
                    + ", else " + ClusterSecret.DEFAULT_FILE + " in your runtime directory, created if absent)")
    private Optional<Path> tokenFile = Optional.empty();

    @Option(names = {"-cp", "--classpath"}, paramLabel = "PATH", split = ":",
            description = "the daemon's extra jars or class directories for class: nodes and operators")
    private List<Path> classpath = new ArrayList<>();

    @Option(names = "--log-dir", paramLabel = "DIR", description = "where the daemon puts node logs (default: out)")
    private Path logDir = Path.of("out");

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String machine = machineId.orElseGet(UpCommand::defaultMachineId);
        if (!machine.matches(MACHINE_ID)) {
            throw new IllegalArgumentException("bad --machine-id '" + machine + "': use 1 to 63 letters, digits, "
                    + "'_', '-' or '.'");
        }
        Path logs = UserDirectory.of("logs");
        List<String> secretArgs = secretArgs();
        ClusterSecret secret = ClusterSecret.load(tokenFile, System.getenv());
        Optional<UpState> earlier = UpState.read();
        if (earlier.isPresent() && earlier.get().coordinator().live().isPresent()
                && earlier.get().daemon().live().isPresent() && answers(earlier.get().address(), secret)) {
            out.println("already up: the coordinator at " + earlier.get().address() + " with the daemon of machine '"
                    + earlier.get().machineId() + "' (jdora down stops them)");
            printNext(out, earlier.get());
            return 0;
        }
        if (earlier.isPresent()) { // what is left of an up whose coordinator or daemon has gone
            earlier.get().daemon().stop(10);
            earlier.get().coordinator().stop(10);
            UpState.remove();
        }

        List<Process> started = new ArrayList<>();
        // Ctrl-C or an error before the state file is written: what was started is stopped, not left untracked
        Thread undo = new Thread(() -> started.forEach(UpCommand::destroyQuietly), "jdora-up-undo");
        Runtime.getRuntime().addShutdownHook(undo);
        try {
            Path coordinatorConsole = logs.resolve("up-coordinator.console.log");
            List<String> coordinatorArgs = new ArrayList<>(List.of("coordinator", "--bind", bind));
            coordinatorArgs.addAll(secretArgs);
            Process coordinator = Detached.start(Detached.command(coordinatorArgs), coordinatorConsole);
            started.add(coordinator);
            Optional<String> address = awaitListening(coordinator, coordinatorConsole);
            if (address.isEmpty()) {
                return failed("the coordinator did not start", coordinatorConsole, err, coordinator);
            }

            Path daemonConsole = logs.resolve("up-daemon-" + machine + ".console.log");
            List<String> daemonArgs = new ArrayList<>(List.of("daemon", "--machine-id", machine, "--coordinator",
                    address.get(), "--log-dir", logDir.toAbsolutePath().normalize().toString()));
            if (!classpath.isEmpty()) {
                daemonArgs.addAll(List.of("--classpath", String.join(":", classpath.stream()
                        .map(p -> p.toAbsolutePath().normalize().toString()).toList())));
            }
            daemonArgs.addAll(secretArgs);
            Process daemon = Detached.start(Detached.command(daemonArgs), daemonConsole);
            started.add(daemon);
            if (!awaitRegistered(daemon, new CoordinatorOperations(address.get(), secret), machine)) {
                return failed("the daemon of machine '" + machine + "' did not register", daemonConsole, err, daemon,
                        coordinator);
            }
            UpState state = new UpState(address.get(), machine,
                    UpState.Started.of(coordinator.toHandle()), UpState.Started.of(daemon.toHandle()));
            state.write();
            out.println("up: the coordinator at " + address.get() + " (pid " + state.coordinator().pid() + ") and the "
                    + "daemon of machine '" + machine + "' (pid " + state.daemon().pid() + "); their logs in " + logs);
            started.clear(); // recorded: jdora down stops them
            printNext(out, state);
            return 0;
        } catch (IOException | InterruptedException | RuntimeException e) {
            started.forEach(UpCommand::destroyQuietly);
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(undo);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs
            }
        }
    }

    private static void destroyQuietly(Process process) {
        try {
            Detached.destroy(process);
        } catch (InterruptedException | RuntimeException e) {
            System.err.println("jdora up: could not stop process " + process.pid() + ": " + e);
        }
    }

    /** Ends what this command started, prints why and the end of the console; exit status 1. */
    private static int failed(String what, Path console, PrintWriter err, Process... started)
            throws IOException, InterruptedException {
        for (Process process : started) {
            Detached.destroy(process);
        }
        err.println("error: " + what + "; its console, " + console + ":");
        Detached.printTail(console, err);
        return RunTargets.FAILED;
    }

    private static void printNext(PrintWriter out, UpState state) {
        out.println("next:");
        out.println("  export " + ClusterOptions.COORDINATOR_ENV + "=" + state.address());
        out.println("  jdora start --coordinator " + state.address() + " flow.yml   (nodes with deploy: {machine: "
                + state.machineId() + "})");
        out.println("  jdora list --coordinator " + state.address() + ", and jdora down when done");
        out.flush();
    }

    /**
     * The {@code --token-file} the coordinator and the daemon get: the one given, none if {@code $JDORA_TOKEN} is set
     * (they inherit it), else {@value ClusterSecret#DEFAULT_FILE}, created with a new random secret if absent.
     */
    private List<String> secretArgs() throws IOException {
        String env = System.getenv(ClusterSecret.ENV);
        if (tokenFile.isEmpty() && env != null && !env.isBlank()) {
            return List.of();
        }
        Path file = tokenFile.orElseGet(ClusterSecret::defaultFile).toAbsolutePath();
        if (tokenFile.isEmpty() && !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            createToken(file);
        }
        return List.of("--token-file", file.toString());
    }

    /** Writes a new random secret (32 bytes, base64url) to {@code file}, created with mode 0600, never over a link. */
    static void createToken(Path file) throws IOException {
        OwnerOnly.check(file.getParent());
        byte[] random = new byte[TOKEN_BYTES];
        new SecureRandom().nextBytes(random);
        try (OutputStream out = UpState.createOwnerOnly(file)) {
            out.write((Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** The address the coordinator prints once it listens, unless it ends or takes longer than {@link #STARTUP}. */
    private static Optional<String> awaitListening(Process coordinator, Path console)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (coordinator.isAlive() && System.nanoTime() - deadline < 0) {
            Matcher listening = LISTENING.matcher(Files.readString(console));
            if (listening.find()) {
                return Optional.of(listening.group(1));
            }
            coordinator.waitFor(50, TimeUnit.MILLISECONDS);
        }
        return Optional.empty();
    }

    /** True once the coordinator lists {@code machine}; false if the daemon ends or takes too long. */
    private static boolean awaitRegistered(Process daemon, CoordinatorOperations coordinator, String machine)
            throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (daemon.isAlive() && System.nanoTime() - deadline < 0) {
            try {
                if (coordinator.machines().contains(machine)) {
                    return true;
                }
            } catch (OperationException notYet) {
                // the coordinator is still starting to serve: ask again until the deadline
            }
            daemon.waitFor(50, TimeUnit.MILLISECONDS);
        }
        return false;
    }

    /** True if a coordinator answers at {@code address} (refusing this secret counts: it is there). */
    private static boolean answers(String address, ClusterSecret secret) {
        try {
            new CoordinatorOperations(address, secret).machines();
            return true;
        } catch (OperationException e) {
            return e.userError();
        }
    }

    /** This host's name, made a machine id ({@code [A-Za-z0-9_][A-Za-z0-9_.-]{0,62}}); {@code local} if it has none. */
    static String defaultMachineId() {
        String host = "";
        try {
            host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException noProc) {
            host = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("");
        }
        return machineId(host);
    }

    /** {@code name} with what a machine id may not hold replaced or dropped; {@code local} if nothing is left. */
    static String machineId(String name) {
        String id = name.strip().replaceAll("[^A-Za-z0-9_.-]", "-").replaceFirst("^[.-]+", "");
        id = id.length() > 63 ? id.substring(0, 63) : id;
        return id.isEmpty() ? "local" : id;
    }
}

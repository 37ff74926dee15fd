package dev.jdora.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Starts the peers' processes the way the jdora runtime starts node processes: this JVM's {@code java}, the root
 * pom's {@code jdora.jvmOptions} (the same options every jdora node JVM gets), this JVM's class path.
 */
public final class ChildJvm implements AutoCloseable {

    private static final List<String> JVM_OPTIONS = loadOptions();

    private final Process process;
    private final Path log;
    private final String name;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** The root pom's {@code jdora.jvmOptions}, as filtered into {@code jdora-bench.properties}. */
    public static List<String> jvmOptions() {
        return JVM_OPTIONS;
    }

    private static List<String> loadOptions() {
        Properties properties = new Properties();
        try (InputStream in = ChildJvm.class.getResourceAsStream("/jdora-bench.properties")) {
            if (in == null) {
                throw new IllegalStateException("jdora-bench.properties is missing from the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> options = new ArrayList<>();
        for (String option : properties.getProperty("jvmOptions", "").trim().split("\\s+")) {
            if (!option.isEmpty() && !option.startsWith("${")) {
                options.add(option);
            }
        }
        return List.copyOf(options);
    }

    /**
     * Makes every class path entry absolute, so that children started in another working directory (jdora node
     * processes start in the dataflow's directory) still find their classes.
     */
    static void absolutizeClassPath() {
        String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
        String absolute = String.join(File.pathSeparator,
                Arrays.stream(entries).map(e -> Path.of(e).toAbsolutePath().normalize().toString()).toList());
        System.setProperty("java.class.path", absolute);
    }

    static ChildJvm start(String name, Class<?> main, List<String> args, Path log) {
        return start(name, Host.LOOPBACK, List.of(), Map.of(), main.getName(), args, log);
    }

    /**
     * Starts {@code mainClass} on {@code host} (through its launcher, e.g. {@code ip netns exec NS}) with extra JVM
     * options {@code jvmArgs} and extra environment variables {@code env}; output and errors go to {@code log}.
     */
    static ChildJvm start(String name, Host host, List<String> jvmArgs, Map<String, String> env, String mainClass,
                          List<String> args, Path log) {
        List<String> command = new ArrayList<>(host.launcher());
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JVM_OPTIONS);
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            return new ChildJvm(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the process to end; fails with the tail of its log if it fails or takes longer than {@code limit}. */
    void awaitSuccess(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(name + " did not finish within " + limit + "; log: " + tail());
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log: " + tail());
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return log + "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return log + " (unreadable: " + e + ")";
        }
    }

    /** The process's output so far (empty if it cannot be read). */
    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    /** Whether the process still runs. */
    boolean isAlive() {
        return process.isAlive();
    }

    /** Whether the process has child processes (a jdora daemon's running nodes). */
    boolean hasChildren() {
        return process.children().findAny().isPresent();
    }

    /** The process's log file. */
    Path log() {
        return log;
    }

    /** Kills the process and the processes it started (a jdora daemon's node JVMs), and waits a little for it. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits until {@code file} exists (written atomically by another process), at most {@code limit}. */
    static boolean awaitFile(Path file, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}

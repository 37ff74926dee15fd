package dev.jdora.runtime.internal;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.NodeSpec;
import dev.jdora.core.internal.process.NodeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the command line and environment of a node process. The JVM options of a {@code class:} or runtime node come
 * from the one place the build keeps them, the root pom, in this order (a later option wins): {@code jdora.jvmOptions}
 * ({@code jdora-jvm.options}: module access every jdora JVM needs), {@code jdora.nodeJvmOptions}
 * ({@code jdora-node-jvm.options}: the memory and compiler defaults of node JVMs), the class-data archive
 * ({@link NodeClassSharing}), then the node's {@code jvm_options:}.
 */
final class ProcessLauncher {

    private static final List<String> JVM_OPTIONS = jvmOptions();
    private static final List<String> NODE_DEFAULTS = nodeDefaults();
    /** How often an idle node JVM gives freed native memory back ({@code -XX:TrimNativeHeapInterval}). */
    static final int TRIM_MILLIS = 2000;

    private final Dataflow dataflow;
    private final List<Path> extraClasspath;
    private final NodeClassSharing sharing;

    ProcessLauncher(Dataflow dataflow, List<Path> extraClasspath, NodeClassSharing sharing) {
        this.dataflow = dataflow;
        this.extraClasspath = List.copyOf(extraClasspath);
        this.sharing = sharing;
    }

    private static List<String> jvmOptions() {
        List<String> options = new ArrayList<>(loadOptions("/jdora-jvm.options"));
        if (Runtime.version().feature() >= 23) {
            options.add("--sun-misc-unsafe-memory-access=allow"); // Arrow reads memory through sun.misc.Unsafe
        }
        return List.copyOf(options);
    }

    private static List<String> nodeDefaults() {
        List<String> options = new ArrayList<>(loadOptions("/jdora-node-jvm.options"));
        options.addAll(trimNativeHeap(Runtime.version()));
        return List.copyOf(options);
    }

    /**
     * The JIT compilers of a starting JVM take tens of MiB of native memory and free it, but glibc keeps it in the
     * process: a JVM that has the option gives it back every {@value #TRIM_MILLIS} ms (JDK 22+, and 17.0.9+ as an
     * experimental option; an idle node then holds about 20 MiB less). Nothing on a JDK without it, which would not
     * start with it. Node JVMs run the {@code java} of this JVM, so this JVM's version is theirs.
     */
    static List<String> trimNativeHeap(Runtime.Version version) {
        String option = "-XX:TrimNativeHeapInterval=" + TRIM_MILLIS;
        if (version.feature() >= 22) {
            return List.of(option);
        }
        if (version.feature() == 17 && version.update() >= 9) {
            return List.of("-XX:+UnlockExperimentalVMOptions", option);
        }
        return List.of();
    }

    private static List<String> loadOptions(String resource) {
        try (InputStream in = ProcessLauncher.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jdora-runtime jar");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The module access every jdora JVM needs ({@code jdora.jvmOptions}), for a node JVM started by hand: only what
     * every JDK from 17 on accepts, since that JVM's version is not this one's.
     */
    static List<String> jvmAccessOptions() {
        return loadOptions("/jdora-jvm.options");
    }

    /** The options every {@code class:} or runtime node JVM gets before its own: module access, then defaults. */
    static List<String> nodeJvmOptions() {
        List<String> options = new ArrayList<>(JVM_OPTIONS);
        options.addAll(NODE_DEFAULTS);
        return List.copyOf(options);
    }

    private static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * {@code setsid}, when the machine has it: node processes then live in a session of their own, so a Ctrl-C typed
     * in the terminal reaches only {@code jdora run}, which stops the nodes through the control channel (rule 7).
     */
    private static final List<String> NEW_SESSION = findSetsid();

    private static List<String> findSetsid() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(java.io.File.pathSeparator)) {
            Path setsid = Path.of(dir, "setsid");
            if (java.nio.file.Files.isExecutable(setsid)) {
                return List.of(setsid.toString());
            }
        }
        return List.of();
    }

    private static final Path SH = Path.of("/bin/sh");

    /**
     * Runs a program that is not a JVM node (and so has no parent watch of its own) so that it cannot outlive the
     * daemon, even when the daemon is SIGKILLed (rule 7). The shell is the node process the daemon sees; in the
     * session {@code setsid} gave it, it starts the program with the daemon's standard input pipe (a JVM node behind a
     * script keeps its own parent watch), and a watcher subshell reads that pipe, which the daemon never writes: when
     * it ends, the daemon is gone, and the watcher kills the whole process group, the program and whatever it started.
     * SIGTERM from the grace ladder reaches the program directly (the daemon signals every descendant); the shell
     * and its watcher stay to report the program's exit status, and when the program exits the shell ends what it
     * left behind in its group.
     */
    private static final String WATCH_SCRIPT = String.join("\n",
            "exec 3<&0",
            "\"$@\" <&3 3<&- &",
            "node=$!",
            "trap : TERM",
            "( trap '' TERM; while read -r _ <&3; do :; done; kill -KILL 0 ) &",
            "watch=$!",
            "exec 3<&-",
            "while :; do",
            "  wait \"$node\"; status=$?",
            "  kill -0 \"$node\" 2>/dev/null || break",
            "done",
            "kill -KILL \"$watch\" 2>/dev/null",
            "trap '' TERM",
            "kill -TERM 0 2>/dev/null",
            "exit \"$status\"");

    /** The command that runs {@code node} with {@code program}. */
    List<String> command(NodeSpec node, NodeProgram program) {
        List<String> command = new ArrayList<>(NEW_SESSION);
        if (program instanceof NodeProgram.PathProgram path && !path.jar()) {
            if (!NEW_SESSION.isEmpty() && Files.isExecutable(SH)) { // the watcher kills its own process group
                command.addAll(List.of(SH.toString(), "-c", WATCH_SCRIPT, "jdora-node-" + node.id()));
            }
            command.add(path.file().toString());
            command.addAll(node.args());
            return command;
        }
        command.add(java());
        if (program instanceof NodeProgram.PathProgram path) { // not jdora's class path: no archive
            command.addAll(nodeJvmOptions());
            command.addAll(node.jvmOptions());
            command.add("-jar");
            command.add(path.file().toString());
            command.addAll(node.args());
            return command;
        }
        command.addAll(nodeJvmOptions());
        command.addAll(sharing.jvmOptions());
        command.addAll(node.jvmOptions());
        if (program instanceof NodeProgram.Operators) {
            command.add("-cp");
            command.add(classpath());
            command.add(NodeProcessMain.class.getName());
            command.add(NodeProcessMain.OPERATORS);
            command.add(dataflow.file().toAbsolutePath().toString());
            return command;
        } else {
            command.add("-cp");
            command.add(classpath());
            command.add(NodeProcessMain.class.getName());
            command.add(node.className().orElseThrow());
        }
        command.addAll(node.args());
        return command;
    }

    private String classpath() {
        if (sharing.classpath().isPresent()) {
            return String.join(java.io.File.pathSeparator, sharing.classpath().get());
        }
        List<String> entries = new ArrayList<>(baseClasspath());
        dataflow.classpath().forEach(p -> entries.add(p.toAbsolutePath().toString()));
        extraClasspath.forEach(p -> entries.add(p.toAbsolutePath().toString()));
        return String.join(java.io.File.pathSeparator, entries);
    }

    /**
     * This JVM's class path, every entry absolute: node processes run in the dataflow's directory, where a relative
     * entry would point elsewhere. Node JVMs get it, then the dataflow's {@code classpath:} and the run's extra entries.
     */
    static List<String> baseClasspath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(entry.endsWith("*") ? Path.of(entry).toAbsolutePath().toString()
                        : Path.of(entry).toAbsolutePath().normalize().toString());
            }
        }
        return entries;
    }

    /**
     * The environment of the node process: its {@code env:}, its configuration file, its control-channel
     * {@code secret} ({@link NodeSecrets}), and the JVM options.
     */
    Map<String, String> environment(NodeSpec node, Path configFile, String secret) {
        Map<String, String> env = new LinkedHashMap<>(node.env());
        env.put(NodeConfig.ENV, configFile.toString());
        env.put(NodeConfig.SECRET_ENV, secret);
        env.put(NodeConfig.PARENT_WATCH_ENV, "stdin");
        env.put("JDORA_JVM_OPTIONS", String.join(" ", JVM_OPTIONS));
        return env;
    }
}

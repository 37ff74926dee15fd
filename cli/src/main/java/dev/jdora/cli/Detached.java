package dev.jdora.cli;

import dev.jdora.runtime.internal.RunDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starting a {@code jdora} command as a background process that outlives this one ({@code jdora start}, {@code jdora
 * up}): in a session of its own (through {@code setsid} where there is one, so no terminal's Ctrl-C or hang-up reaches
 * it), with this JVM's class path, jdora's JVM options and runtime directory, its standard input from {@code
 * /dev/null} and its console (standard output and error) to a new file of mode 0600. A child of a JVM leads no
 * process group, so {@code setsid} runs the command in the child itself: the child's pid is the command's. Stateless;
 * any thread.
 */
final class Detached {

    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final int CONSOLE_TAIL = 20;

    private Detached() {
    }

    /** {@code [setsid] java <jdora's JVM options> -cp <this class path> dev.jdora.cli.Main <args>}. */
    static List<String> command(List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions());
        Optional.ofNullable(System.getProperty(RunDirectory.RUNTIME_DIR_PROPERTY))
                .ifPresent(dir -> command.add("-D" + RunDirectory.RUNTIME_DIR_PROPERTY + "=" + dir));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        return command;
    }

    /**
     * Starts {@code command} with its console to {@code console}, which is replaced by a new file (mode 0600; a
     * symbolic link there is removed, never followed).
     */
    static Process start(List<String> command, Path console) throws IOException {
        Files.deleteIfExists(console);
        UpState.createOwnerOnly(console).close();
        return new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()))
                .start();
    }

    /** Ends a child: SIGTERM (it closes what it runs), then SIGKILL, and its descendants with it. */
    static void destroy(Process process) throws InterruptedException {
        List<ProcessHandle> family = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        family.forEach(ProcessHandle::destroyForcibly);
    }

    /** Prints the last lines of {@code console}, indented. */
    static void printTail(Path console, PrintWriter err) throws IOException {
        List<String> lines = Files.readAllLines(console);
        lines.stream().skip(Math.max(0, lines.size() - CONSOLE_TAIL)).forEach(line -> err.println("  " + line));
        err.flush();
    }

    /** The JVM options jdora runs with (the root pom's {@code jdora.jvmOptions}, one place). */
    private static List<String> jvmOptions() throws IOException {
        try (InputStream in = Main.class.getResourceAsStream("/jdora-jvm.options")) {
            if (in == null) {
                return List.of();
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? List.of() : Arrays.asList(text.split("\\s+"));
        }
    }
}

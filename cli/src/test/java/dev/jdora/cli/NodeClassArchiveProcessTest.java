package dev.jdora.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archive of node JVMs through a real {@code jdora run} (the CLI in a JVM of its own, its class path
 * made of jars as an installed jdora's is, the test's node classes after them): built on the first run and used by its
 * nodes, reused untouched by the next, built anew when a jar changes, and never in a cache directory that is not
 * certainly ours, where the run goes on without it. Whether a node JVM used the archive is read from its own
 * {@code -Xlog:class+load} (classes from the archive are logged as {@code shared objects file (top)}).
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class NodeClassArchiveProcessTest {

    @TempDir
    Path dir;

    private List<String> classpath;
    private Process process;

    @BeforeEach
    void jars() throws IOException {
        // an installed jdora runs from jars; in the build, jdora's modules are class directories: make them jars
        classpath = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path) && !path.endsWith("test-classes")) {
                classpath.add(jar(path, dir.resolve("lib/module-" + n++ + ".jar")).toString());
            } else if (entry.endsWith(".jar")) {
                classpath.add(entry);
            }
        }
    }

    @AfterEach
    void noOrphan() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
                .as("no process left").isEmpty();
    }

    private static Path jar(Path classes, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> all = Files.walk(classes)) {
            for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace(File.separatorChar, '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** Runs a two-node dataflow with {@code cache} as cache; returns the console; fails unless it succeeds. */
    private String run(String name, Path cache) throws Exception {
        Path testClasses = Path.of(ProcessNodes.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path file = dir.resolve(name + ".yml");
        String logOption = "\"-Xlog:class+load=info:file=" + dir.resolve(name + "-%p.classes") + "\"";
        Files.writeString(file, "classpath: " + testClasses + "\nnodes:\n"
                + "  - id: producer\n    class: " + ProcessNodes.Producer.class.getName() + "\n"
                + "    env: {COUNT: 10}\n    outputs: [out]\n    jvm_options: [" + logOption + "]\n"
                + "  - id: checker\n    class: " + ProcessNodes.SequenceChecker.class.getName() + "\n"
                + "    inputs: {in: {source: producer/out, queue_policy: backpressure}}\n"
                + "    jvm_options: [" + logOption + "]\n");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(CtrlCTest.jvmOptions().split("\\s+")));
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classpath), Main.class.getName(), "run",
                "--log-dir", dir.resolve("out").toString(), file.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".console").toFile());
        builder.environment().put("JDORA_CACHE_DIR", cache.toString());
        builder.environment().remove("JDORA_CDS");
        process = builder.start();
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).as("run " + name + " ended").isTrue();
        String console = Files.readString(dir.resolve(name + ".console"), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("run " + name + ": " + console).isZero();
        return console;
    }

    /** How many classes each node JVM of run {@code name} took from the archive. */
    private List<Long> classesFromArchive(String name) throws IOException {
        List<Long> counts = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path log : files.filter(p -> p.getFileName().toString().startsWith(name + "-")
                    && p.getFileName().toString().endsWith(".classes")).toList()) {
                try (Stream<String> lines = Files.lines(log)) {
                    counts.add(lines.filter(l -> l.endsWith("source: shared objects file (top)")).count());
                }
            }
        }
        return counts;
    }

    private static List<Path> archives(Path cache) throws IOException {
        Path cds = cache.resolve("cds");
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cds)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jsa")).sorted().toList();
        }
    }

    @Test
    void builtOnceUsedByEveryNodeRebuiltWhenAJarChanges() throws Exception {
        Path cache = dir.resolve("cache");
        run("first", cache);
        List<Path> archives = archives(cache);
        assertThat(archives).hasSize(1);
        assertThat(classesFromArchive("first")).hasSize(2).allSatisfy(n -> assertThat(n).isGreaterThan(500));
        FileTime built = Files.getLastModifiedTime(archives.get(0));
        Object inode = Files.getAttribute(archives.get(0), "unix:ino");

        run("second", cache);
        assertThat(archives(cache)).isEqualTo(archives);
        assertThat(Files.getLastModifiedTime(archives.get(0))).isEqualTo(built);
        assertThat(Files.getAttribute(archives.get(0), "unix:ino")).isEqualTo(inode);
        assertThat(classesFromArchive("second")).hasSize(2).allSatisfy(n -> assertThat(n).isGreaterThan(500));

        Path changed = Path.of(classpath.get(0));
        Files.setLastModifiedTime(changed, FileTime.fromMillis(Files.getLastModifiedTime(changed).toMillis() + 2000));
        run("third", cache);
        assertThat(archives(cache)).hasSize(2).contains(archives.get(0));
        assertThat(classesFromArchive("third")).hasSize(2).allSatisfy(n -> assertThat(n).isGreaterThan(500));
    }

    @Test
    void aCacheThatIsNotCertainlyOursIsRefusedAndTheRunGoesOnWithoutIt() throws Exception {
        Path cache = Files.createDirectory(dir.resolve("open-cache"));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
        String console = run("open", cache);
        assertThat(console).contains("not using a class-data archive").contains(cache.toString())
                .doesNotContain("Exception");
        assertThat(archives(cache)).isEmpty();
        assertThat(classesFromArchive("open")).hasSize(2).allSatisfy(n -> assertThat(n).isZero());
    }
}

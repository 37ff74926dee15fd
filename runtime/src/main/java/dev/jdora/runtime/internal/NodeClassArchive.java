package dev.jdora.runtime.internal;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.DataflowException;
import dev.jdora.core.internal.OwnerOnly;
import dev.jdora.runtime.RunOptions;
import dev.jdora.runtime.RunResult;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class-data-sharing (AppCDS) archive of node JVMs: the classes a node loads before its first event (jdora,
 * Arrow, Chronicle, ...) parsed and verified once and mapped by every node JVM afterwards, which roughly halves the
 * start of a node process.
 *
 * <p><b>How it is built.</b> On first use (no archive for this JDK, these jars and these JVM options), before it
 * launches the nodes, the runtime runs a two-node dataflow ({@link ClassDataTrainingNode}; the receiver is the Reactor
 * adapter's reactive training node when that jar is on the class path) whose receiving node's JVM
 * gets {@code -XX:ArchiveClassesAtExit} (a dynamic archive on top of the JDK's own), then renames the file into place;
 * later node JVMs get {@code -XX:SharedArchiveFile}. The same on JDK 17 and 25, on purpose: JDK 19+'s
 * {@code -XX:+AutoCreateSharedArchive} would make every node of a first run dump its own archive as it exits (several
 * JVMs writing one file, each exit slowed by the dump, nothing dumped by a killed node), and a JDK 17 JVM asked to
 * dump with a class directory on its class path refuses to start. So the archive covers the leading jars of the node
 * class path (jdora and its libraries); a dataflow's own {@code classpath:} entries come after them and are loaded as
 * usual. A JVM whose options do not fit the archive (another GC, say) ignores it ({@code -Xshare:auto}).
 *
 * <p><b>Where it lives.</b> {@code $JDORA_CACHE_DIR}, else {@code $XDG_CACHE_HOME/jdora}, else
 * {@code ~/.cache/jdora}, in {@code cds/}; both directories are created with mode 0700 and used only if they are
 * certainly this user's ({@link OwnerOnly}: no symbolic link, our uid, mode 0700), so that no other local user can
 * plant or swap an archive. An archive is named by a hash of the JDK, the JVM options and every jar (path, size,
 * modification time): a new build of jdora or another JDK gets a new archive; the newest {@value #KEEP} are kept.
 *
 * <p><b>Concurrency.</b> One build per archive: a file lock in the cache directory (and a lock in this JVM) is held
 * while building; a run that finds the lock taken waits for it (at most {@link #BUILD_LIMIT}), then uses what the
 * other built. The archive appears by an atomic rename, so a node JVM sees either no file or a whole one.
 *
 * <p><b>Failures never fail a run.</b> An unusable cache directory, a failed build or a missing {@code java} feature
 * is said once per process (warning) and the run goes on without the archive; a failed build leaves a
 * {@code .failed} file with the reason, so that later runs do not try again until the key changes.
 * {@code JDORA_CDS=off} turns all of this off. Thread-safe; {@link #prepare} blocks while an archive is built.
 */
final class NodeClassArchive {

    private static final Logger LOG = LoggerFactory.getLogger(NodeClassArchive.class);

    /** {@code off} turns class-data sharing for node JVMs off. */
    static final String SWITCH_ENV = "JDORA_CDS";
    /** The directory jdora caches things in (default {@code $XDG_CACHE_HOME/jdora} or {@code ~/.cache/jdora}). */
    static final String CACHE_ENV = "JDORA_CACHE_DIR";
    static final Duration BUILD_LIMIT = Duration.ofSeconds(120);
    static final int KEEP = 4;
    private static final String SUFFIX = ".jsa";
    private static final String FORMAT = "jdora-cds-1";
    private static final String TRAINING_NODE = "cds-training";
    private static final String REACTIVE_TRAINING_NODE = "dev.jdora.reactor.internal.ClassDataTrainingReactiveNode";

    private static final Object BUILDING = new Object();
    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();

    private NodeClassArchive() {
    }

    /**
     * What the node JVMs of a run get: the archive's option, once the archive exists (built now if it does not), or
     * nothing. Never throws; blocks while the archive is built (the first time, a few seconds).
     *
     * @param classpath the class path of node JVMs before the dataflow's own entries (absolute)
     * @param jvmOptions the JVM options every node JVM gets before its own (they are part of the key)
     * @param transport  the transport the training run uses (a cross-process one)
     */
    static NodeClassSharing prepare(List<String> classpath, List<String> jvmOptions, String transport,
                                    Map<String, String> env) {
        if ("off".equalsIgnoreCase(env.getOrDefault(SWITCH_ENV, "").trim())) {
            return NodeClassSharing.NONE;
        }
        List<Path> jars = leadingJars(classpath);
        if (jars.isEmpty()) {
            LOG.debug("no class-data archive for node JVMs: their class path does not start with jars");
            return NodeClassSharing.NONE;
        }
        Path dir;
        try {
            dir = directory(env);
        } catch (IOException e) {
            sayOnce("not using a class-data archive for node JVMs (they start slower): " + e.getMessage());
            return NodeClassSharing.NONE;
        }
        String key = key(jars, jvmOptions);
        Path archive = dir.resolve(key + SUFFIX);
        if (Files.isRegularFile(archive, LinkOption.NOFOLLOW_LINKS)) {
            return NodeClassSharing.use(archive.toString());
        }
        try {
            return build(dir, key, jars, transport) ? NodeClassSharing.use(archive.toString())
                    : NodeClassSharing.NONE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NodeClassSharing.NONE;
        } catch (IOException | RuntimeException e) {
            sayOnce("not using a class-data archive for node JVMs (they start slower): cannot build it in " + dir
                    + ": " + e);
            return NodeClassSharing.NONE;
        }
    }

    /** The jars at the start of {@code classpath}, up to the first entry that is not a jar file. */
    static List<Path> leadingJars(List<String> classpath) {
        List<Path> jars = new ArrayList<>();
        for (String entry : classpath) {
            Path path = Path.of(entry);
            if (!entry.endsWith(".jar") || !Files.isRegularFile(path)) {
                break;
            }
            jars.add(path);
        }
        return jars;
    }

    /** The {@code cds} directory of this user's cache, created (0700) if absent, refused unless certainly ours. */
    static Path directory(Map<String, String> env) throws IOException {
        Path base = cacheBase(env);
        if (base.getParent() != null && !Files.exists(base.getParent(), LinkOption.NOFOLLOW_LINKS)) {
            OwnerOnly.createDirectories(base.getParent());
        }
        OwnerOnly.createDirectory(base);
        Path cds = base.resolve("cds");
        OwnerOnly.createDirectory(cds);
        return cds;
    }

    static Path cacheBase(Map<String, String> env) {
        @Nullable String explicit = env.get(CACHE_ENV);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        @Nullable String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "jdora");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "jdora");
    }

    /** A hash of what the archive depends on: the JDK, the JVM options, and each jar's path, size and time. */
    static String key(List<Path> jars, List<String> jvmOptions) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        StringBuilder text = new StringBuilder(FORMAT).append('\n')
                .append(System.getProperty("java.home")).append('\n')
                .append(System.getProperty("java.vm.version")).append('\n')
                .append(String.join(" ", jvmOptions)).append('\n');
        for (Path jar : jars) {
            text.append(jar.toAbsolutePath()).append(' ');
            try {
                BasicFileAttributes attributes = Files.readAttributes(jar, BasicFileAttributes.class);
                text.append(attributes.size()).append(' ').append(attributes.lastModifiedTime().toMillis());
            } catch (IOException e) {
                text.append("unreadable");
            }
            text.append('\n');
        }
        byte[] hash = digest.digest(text.toString().getBytes(StandardCharsets.UTF_8));
        return "node-" + Runtime.version().feature() + "-" + HexFormat.of().formatHex(hash, 0, 12);
    }

    private static boolean build(Path dir, String key, List<Path> jars, String transport)
            throws IOException, InterruptedException {
        Path archive = dir.resolve(key + SUFFIX);
        Path failed = dir.resolve(key + ".failed");
        synchronized (BUILDING) {
            try (FileChannel channel = FileChannel.open(dir.resolve(key + ".lock"), Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(OwnerOnly.FILE));
                 FileLock lock = lockWithin(channel, BUILD_LIMIT)) {
                if (Files.isRegularFile(archive, LinkOption.NOFOLLOW_LINKS)) {
                    return true; // another run built it while we waited
                }
                if (lock == null) {
                    sayOnce("not using a class-data archive for node JVMs this time: another jdora has been "
                            + "building it for over " + BUILD_LIMIT.toSeconds() + " s (" + dir + ")");
                    return false;
                }
                if (Files.exists(failed, LinkOption.NOFOLLOW_LINKS)) {
                    sayOnce("not using a class-data archive for node JVMs: building it failed before (see " + failed
                            + "; delete it to try again)");
                    return false;
                }
                Optional<String> problem = train(dir, key, jars, transport, archive);
                if (problem.isPresent()) {
                    Files.writeString(failed, problem.get() + "\n", StandardCharsets.UTF_8);
                    sayOnce("not using a class-data archive for node JVMs (they start slower): " + problem.get());
                    return false;
                }
                prune(dir, archive);
                return true;
            }
        }
    }

    /** The lock, or null if another process held it for all of {@code limit}. */
    private static @Nullable FileLock lockWithin(FileChannel channel, Duration limit)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null || System.nanoTime() > deadline) {
                return lock;
            }
            Thread.sleep(50); // another process builds the archive: a few seconds
        }
    }

    /** Runs the training dataflow; the archive is in place when it returns empty, else the reason. */
    private static Optional<String> train(Path dir, String key, List<Path> jars, String transport, Path archive)
            throws IOException, InterruptedException {
        LOG.info("building the class-data archive of node JVMs (first use of this jdora build and JDK): {}", archive);
        long started = System.nanoTime();
        Path work = dir.resolve("training-" + ProcessHandle.current().pid());
        Path partial = dir.resolve(key + "." + ProcessHandle.current().pid() + ".partial");
        RunDirectory.deleteTree(work);
        OwnerOnly.createDirectory(work);
        try {
            Path file = work.resolve("training.yml");
            String node = ClassDataTrainingNode.class.getName();
            Files.writeString(file, "nodes:\n"
                    + "  - id: cds-source\n"
                    + "    class: " + node + "\n"
                    + "    outputs: [data]\n"
                    + "  - id: " + TRAINING_NODE + "\n"
                    + "    class: " + receiver(jars) + "\n"
                    + "    inputs: {data: cds-source/data}\n"
                    + "    outputs: [echo]\n"
                    + "    jvm_options: [\"-XX:ArchiveClassesAtExit=" + partial + "\"]\n", StandardCharsets.UTF_8);
            RunOptions options = RunOptions.defaults().withTransport(transport).withConsole(false)
                    .withLogDir(work.resolve("out")).withGrace(Duration.ofSeconds(30));
            NodeClassSharing dump = new NodeClassSharing(List.of(),
                    Optional.of(jars.stream().map(Path::toString).toList()));
            LocalRun run;
            try {
                run = Launcher.start(Dataflow.load(file), options, dump);
            } catch (DataflowException e) {
                return Optional.of("the training dataflow cannot run: " + e.getMessage());
            }
            Optional<RunResult> result = run.await(BUILD_LIMIT);
            if (result.isEmpty()) {
                run.kill();
                run.await(Duration.ofSeconds(30));
                return Optional.of("the training node did not finish within " + BUILD_LIMIT.toSeconds() + " s");
            }
            if (!result.get().succeeded()) {
                return Optional.of("the training node failed: " + result.get().failures() + "; "
                        + logTail(result.get()));
            }
            if (!Files.isRegularFile(partial, LinkOption.NOFOLLOW_LINKS) || Files.size(partial) == 0) {
                return Optional.of("the training JVM wrote no archive; " + logTail(result.get()));
            }
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("class-data archive of node JVMs built in {} ms ({} KiB)",
                    (System.nanoTime() - started) / 1_000_000, Files.size(archive) >> 10);
            return Optional.empty();
        } finally {
            Files.deleteIfExists(partial);
            RunDirectory.deleteTree(work);
        }
    }

    /**
     * The receiving training node: the reactive one when the Reactor adapter is among {@code jars} (then Reactor's
     * classes are archived too, and the pull API's with them, which it uses underneath), else the pull one.
     */
    private static String receiver(List<Path> jars) {
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                if (file.getEntry(REACTIVE_TRAINING_NODE.replace('.', '/') + ".class") != null) {
                    return REACTIVE_TRAINING_NODE;
                }
            } catch (IOException e) {
                LOG.debug("cannot look into {} for the reactive training node: {}", jar, e.toString());
            }
        }
        return ClassDataTrainingNode.class.getName();
    }

    private static String logTail(RunResult result) {
        Path log = result.logDir().resolve(TRAINING_NODE + ".log");
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "its log ends: " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "its log is unreadable: " + e.getMessage();
        }
    }

    /** Deletes all but the newest {@value #KEEP} archives (other jdora builds or JDKs), never {@code current}. */
    private static void prune(Path dir, Path current) throws IOException {
        List<Path> archives = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            files.forEach(archives::add);
        }
        archives.sort(Comparator.comparing(NodeClassArchive::modified).reversed());
        for (Path old : archives.subList(Math.min(KEEP, archives.size()), archives.size())) {
            if (!old.equals(current)) {
                String stem = old.getFileName().toString();
                stem = stem.substring(0, stem.length() - SUFFIX.length());
                Files.deleteIfExists(old);
                Files.deleteIfExists(dir.resolve(stem + ".lock"));
            }
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void sayOnce(String message) {
        if (SAID.add(message.toLowerCase(Locale.ROOT))) {
            LOG.warn("{}", message);
        }
    }
}

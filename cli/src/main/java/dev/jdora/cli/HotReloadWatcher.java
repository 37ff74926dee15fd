package dev.jdora.cli;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.NodeSpec;
import dev.jdora.core.dataflow.OperatorSpec;
import dev.jdora.core.internal.Plural;
import dev.jdora.runtime.DataflowRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * {@code jdora run --hot-reload}: watches the class files (or jars) of every operator, found in the dataflow's
 * {@code classpath:} and {@code --classpath} entries, and sends {@code Reload(operatorId)} to its runtime node when
 * they change. Changes are gathered until the directories have been quiet for {@link #QUIET_MS} (a compiler writes
 * several files), then each changed operator is reloaded once. One daemon thread, {@code jdora-hot-reload}.
 */
final class HotReloadWatcher implements AutoCloseable {

    static final long QUIET_MS = 200;

    /** One operator to reload when {@code file} changes: its class file (or nested class), or its jar. */
    private record Target(String nodeId, String operatorId, Path file, boolean jar) {
        boolean matches(Path changed) {
            if (jar || changed.equals(file)) {
                return changed.equals(file);
            }
            String simple = file.getFileName().toString().replace(".class", "");
            String name = changed.getFileName().toString();
            return changed.getParent().equals(file.getParent()) && name.startsWith(simple + "$")
                    && name.endsWith(".class");
        }
    }

    private final WatchService watcher;
    private final List<Target> targets;
    private final Map<WatchKey, Path> directories = new LinkedHashMap<>();
    private final DataflowRun run;
    private final PrintWriter err;
    private final Thread thread;

    private HotReloadWatcher(WatchService watcher, List<Target> targets, DataflowRun run, PrintWriter err)
            throws IOException {
        this.watcher = watcher;
        this.targets = targets;
        this.run = run;
        this.err = err;
        Set<Path> dirs = new LinkedHashSet<>();
        targets.forEach(t -> dirs.add(t.file().getParent()));
        for (Path dir : dirs) {
            directories.put(dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY), dir);
        }
        this.thread = new Thread(this::loop, "jdora-hot-reload");
        thread.setDaemon(true);
    }

    /** Starts watching the operators of {@code dataflow}; prints what it watches, and operators it cannot watch. */
    static HotReloadWatcher start(Dataflow dataflow, List<Path> extraClasspath, DataflowRun run, PrintWriter err)
            throws IOException {
        List<Path> classpath = new ArrayList<>(dataflow.classpath());
        classpath.addAll(extraClasspath);
        List<Target> targets = new ArrayList<>();
        for (NodeSpec node : dataflow.nodes()) {
            for (OperatorSpec op : node.operators()) {
                Optional<Target> target = op.className().flatMap(c -> locate(node.id(), op.id(), c, classpath));
                if (target.isPresent()) {
                    targets.add(target.get());
                } else {
                    err.println("hot reload: operator '" + node.id() + "/" + op.id() + "' is not in a classpath: "
                            + "directory or jar of the dataflow; it will not be reloaded");
                }
            }
        }
        HotReloadWatcher watcher = new HotReloadWatcher(FileSystems.getDefault().newWatchService(), targets, run,
                err);
        err.println("hot reload: watching " + Plural.count(targets.size(), "operator"));
        err.flush();
        watcher.thread.start();
        return watcher;
    }

    private static Optional<Target> locate(String nodeId, String opId, String className, List<Path> classpath) {
        String entry = className.replace('.', '/') + ".class";
        for (Path element : classpath) {
            Path path = element.toAbsolutePath().normalize();
            if (Files.isDirectory(path) && Files.isRegularFile(path.resolve(entry))) {
                return Optional.of(new Target(nodeId, opId, path.resolve(entry), false));
            }
            if (Files.isRegularFile(path) && path.toString().endsWith(".jar")) {
                try (JarFile jar = new JarFile(path.toFile())) {
                    if (jar.getEntry(entry) != null) {
                        return Optional.of(new Target(nodeId, opId, path, true));
                    }
                } catch (IOException e) {
                    // not a readable jar: not watched
                }
            }
        }
        return Optional.empty();
    }

    private void loop() {
        try {
            while (true) {
                Set<Target> changed = new LinkedHashSet<>();
                collect(watcher.take(), changed);
                WatchKey more;
                while ((more = watcher.poll(QUIET_MS, TimeUnit.MILLISECONDS)) != null) {
                    collect(more, changed);
                }
                for (Target t : changed) {
                    try {
                        run.reload(t.nodeId(), Optional.of(t.operatorId()));
                        err.println("hot reload: " + t.file().getFileName() + " changed, reloading operator '"
                                + t.nodeId() + "/" + t.operatorId() + "'");
                    } catch (RuntimeException e) {
                        err.println("hot reload: cannot reload '" + t.nodeId() + "/" + t.operatorId() + "': " + e);
                    }
                }
                err.flush();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private void collect(WatchKey key, Set<Target> changed) {
        Path dir = directories.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
            if (dir != null && event.context() instanceof Path name) {
                Path file = dir.resolve(name);
                targets.stream().filter(t -> t.matches(file)).forEach(changed::add);
            }
        }
        key.reset();
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            // nothing to do
        }
        thread.interrupt();
    }
}

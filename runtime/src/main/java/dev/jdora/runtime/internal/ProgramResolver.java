package dev.jdora.runtime.internal;

import dev.jdora.core.NodeMain;
import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.NodeSpec;
import dev.jdora.core.dataflow.OperatorSpec;
import dev.jdora.core.dataflow.Problem;
import dev.jdora.runtime.NodeBeans;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import org.jspecify.annotations.Nullable;

/**
 * Finds what to run for each node before anything starts, so that every mistake (unknown class, no {@code main},
 * a jar without {@code Main-Class}, unsupported node kinds) is reported at once as a {@link Problem}.
 */
final class ProgramResolver {

    private final Dataflow dataflow;
    private final ClassLoader classLoader;
    private final List<Problem> problems = new ArrayList<>();

    private final boolean processes;
    private final List<Path> classpath;
    /** The loaders this resolver made, which {@link #check} closes (a run keeps them: its programs use them). */
    private final List<URLClassLoader> madeLoaders = new ArrayList<>();

    private final NodeBeans beans;

    /** @param processes whether nodes run as processes (then {@code path:} may name any executable) */
    ProgramResolver(Dataflow dataflow, List<Path> extraClasspath, boolean processes) {
        this(dataflow, extraClasspath, processes, NodeBeans.NONE);
    }

    /** @param beans the programs of {@code bean:} nodes */
    ProgramResolver(Dataflow dataflow, List<Path> extraClasspath, boolean processes, NodeBeans beans) {
        this.dataflow = dataflow;
        this.beans = beans;
        this.processes = processes;
        List<Path> classpath = new ArrayList<>(dataflow.classpath());
        classpath.addAll(extraClasspath);
        this.classpath = List.copyOf(classpath);
        this.classLoader = classpath.isEmpty() ? ProgramResolver.class.getClassLoader()
                : made(new URLClassLoader("jdora-dataflow", urls(classpath), ProgramResolver.class.getClassLoader()));
    }

    /**
     * Every problem that would keep {@code dataflow} from running, found as a run finds them: each class is loaded
     * without being initialized (no code of the dataflow runs), each {@code path:} looked at on disk. Loads nothing
     * that outlives the call. Blocks on file I/O.
     */
    static List<Problem> check(Dataflow dataflow, List<Path> extraClasspath, boolean processes) {
        return check(dataflow, extraClasspath, processes, NodeBeans.NONE);
    }

    /** As {@link #check(Dataflow, List, boolean)}, with the programs of {@code bean:} nodes from {@code beans}. */
    static List<Problem> check(Dataflow dataflow, List<Path> extraClasspath, boolean processes, NodeBeans beans) {
        ProgramResolver resolver = new ProgramResolver(dataflow, extraClasspath, processes, beans);
        try {
            resolver.resolveAll();
            return List.copyOf(resolver.problems);
        } finally {
            for (URLClassLoader loader : resolver.madeLoaders) {
                try {
                    loader.close();
                } catch (IOException e) {
                    // a jar that cannot be closed stays open until this JVM ends; nothing was written to it
                }
            }
        }
    }

    private URLClassLoader made(URLClassLoader loader) {
        madeLoaders.add(loader);
        return loader;
    }

    /** The program of every node, in dataflow order; {@link #problems()} holds what could not be resolved. */
    Map<String, NodeProgram> resolveAll() {
        Map<String, NodeProgram> programs = new LinkedHashMap<>();
        for (NodeSpec node : dataflow.nodes()) {
            NodeProgram program = resolve(node);
            if (program != null) {
                programs.put(node.id(), program);
            }
        }
        return programs;
    }

    List<Problem> problems() {
        return problems;
    }

    private @Nullable NodeProgram resolve(NodeSpec node) {
        if (node.deployMachine().isPresent()) {
            return problem(node, "deploy.machine: jdora run runs every node on this machine; run a dataflow across "
                    + "machines with 'jdora coordinator', 'jdora daemon --machine-id " + node.deployMachine().get()
                    + " --coordinator HOST:PORT' on each machine and 'jdora start --coordinator HOST:PORT', or remove "
                    + "'deploy' to run here");
        }
        if (!node.operators().isEmpty()) {
            return resolveOperators(node);
        }
        if (node.className().isPresent()) {
            return resolveClass(node, node.className().get(), classLoader, "class");
        }
        if (node.dynamic()) {
            if (node.sendStdoutAs().isPresent()) {
                return problem(node, "send_stdout_as: a dynamic node prints to the terminal it was started in, not "
                        + "to the run; send its lines as an output from its code instead");
            }
            return processes ? new NodeProgram.Dynamic() : problem(node, "'path: dynamic' (a node started by hand, "
                    + "which joins the run) needs nodes as processes: run with the shared-memory transport");
        }
        if (node.path().isPresent()) {
            return resolvePath(node, node.path().get());
        }
        if (node.bean().isPresent()) {
            try {
                return new NodeProgram.Bean(node.bean().get(), beans.program(node.id(), node.bean().get()));
            } catch (IllegalArgumentException e) {
                return problem(node, "bean: " + e.getMessage());
            }
        }
        return problem(node, "nothing to run: set 'class' or 'path'");
    }

    private @Nullable NodeProgram resolveOperators(NodeSpec node) {
        boolean ok = true;
        for (OperatorSpec op : node.operators()) {
            Optional<String> problem = OperatorClasses.check(op.className().orElseThrow(), classLoader, classpath);
            if (problem.isPresent()) {
                problems.add(new Problem(op.location(), "node '" + node.id() + "': operator '" + op.id() + "': class: "
                        + problem.get()));
                ok = false;
            }
        }
        return ok ? new NodeProgram.Operators(node, classLoader, classpath) : null;
    }

    private @Nullable NodeProgram resolvePath(NodeSpec node, String path) {
        Path file = dataflow.file().toAbsolutePath().getParent().resolve(path).normalize();
        if (Files.isDirectory(file)) {
            return problem(node, "path: '" + file + "' is a directory, not a program or a jar");
        }
        if (!Files.isRegularFile(file)) {
            return problem(node, "path: no such file '" + file + "'" + (node.build().isEmpty() ? ""
                    : " (the node has 'build:' commands: run them first with 'jdora build' or 'jdora run --build')"));
        }
        if (processes && !path.endsWith(".jar")) {
            if (!Files.isExecutable(file)) {
                return problem(node, "path: '" + path + "' is not executable (chmod +x it, or use 'class:')");
            }
            return new NodeProgram.PathProgram(file, false);
        }
        if (!path.endsWith(".jar")) {
            return problem(node, "path: '" + path + "' is not a jar; with --in-jvm every node is a thread of one "
                    + "JVM, so a path must be an executable jar (or use 'class:')");
        }
        @Nullable String mainClass;
        try (JarFile jar = new JarFile(file.toFile())) {
            var manifest = jar.getManifest();
            mainClass = manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
        } catch (IOException e) {
            return problem(node, "path: cannot read jar '" + file + "': " + e.getMessage());
        }
        if (mainClass == null) {
            return problem(node, "path: jar '" + path + "' has no Main-Class in its manifest");
        }
        if (processes) {
            return new NodeProgram.PathProgram(file, true);
        }
        ClassLoader jarLoader = made(new URLClassLoader("jdora-node-" + node.id(), urls(List.of(file)), classLoader));
        return resolveClass(node, mainClass, jarLoader, "path");
    }

    private @Nullable NodeProgram resolveClass(NodeSpec node, String className, ClassLoader loader, String field) {
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return problem(node, field + ": " + MissingClass.message(className, e, classpath));
        }
        if (NodeMain.class.isAssignableFrom(type)) {
            try {
                type.getDeclaredConstructor();
            } catch (NoSuchMethodException e) {
                return problem(node, field + ": class '" + className + "' implements NodeMain but has no "
                        + "no-argument constructor");
            }
            return new NodeProgram.Instance(type.asSubclass(NodeMain.class));
        }
        try {
            Method main = type.getMethod("main", String[].class);
            if (Modifier.isStatic(main.getModifiers())) {
                return new NodeProgram.MainMethod(main, node.args());
            }
        } catch (NoSuchMethodException e) {
            // reported below
        }
        return problem(node, field + ": class '" + className + "' has neither a 'public static void main(String[])' "
                + "nor implements dev.jdora.core.NodeMain");
    }

    /**
     * The program for {@code type}: a {@code NodeMain} (instantiated with its no-argument constructor) or a class with
     * {@code static main(String[])}.
     *
     * @throws IllegalArgumentException if it is neither
     */
    static NodeProgram programFor(Class<?> type, List<String> args) {
        if (NodeMain.class.isAssignableFrom(type)) {
            return new NodeProgram.Instance(type.asSubclass(NodeMain.class));
        }
        try {
            Method main = type.getMethod("main", String[].class);
            if (Modifier.isStatic(main.getModifiers())) {
                return new NodeProgram.MainMethod(main, args);
            }
        } catch (NoSuchMethodException e) {
            // reported below
        }
        throw new IllegalArgumentException("class '" + type.getName() + "' has neither a 'public static void "
                + "main(String[])' nor implements dev.jdora.core.NodeMain");
    }

    private @Nullable NodeProgram problem(NodeSpec node, String message) {
        problems.add(new Problem(node.location(), "node '" + node.id() + "': " + message));
        return null;
    }

    /** The class path entries as URLs for a class loader. */
    static URL[] urls(List<Path> paths) {
        URL[] urls = new URL[paths.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = paths.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("bad classpath entry " + paths.get(i), e);
            }
        }
        return urls;
    }
}

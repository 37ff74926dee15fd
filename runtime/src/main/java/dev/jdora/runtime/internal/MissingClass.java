package dev.jdora.runtime.internal;

import dev.jdora.core.internal.Suggestions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Says why a class was not found, for a problem report: a "did you mean" from the class names in the dataflow's class
 * path entries (the same simple name in another package, or a name one or two edits away), the entries that do not
 * exist, or how to add one. Reads the entries' directories and jar indexes only when called, that is only when a
 * class is missing; loads nothing. Stateless; blocks on file I/O.
 */
final class MissingClass {

    /** Enough for any application's own classes; a larger entry is not indexed past it. */
    private static final int MAX_NAMES = 200_000;

    private MissingClass() {
    }

    /**
     * Why loading {@code className} failed with {@code error}: {@code cannot find class 'a.b.C' on the class path
     * (...)}, or what kept a class that is there from loading (a class it needs is missing, a newer class file
     * version).
     */
    static String message(String className, Throwable error, List<Path> classpath) {
        if (error instanceof NoClassDefFoundError missing && missing.getMessage() != null) {
            return "class '" + className + "' needs class '" + missing.getMessage().replace('/', '.')
                    + "', which is not on the class path";
        }
        if (error instanceof UnsupportedClassVersionError) {
            return "class '" + className + "' was compiled for a newer Java than this one ("
                    + System.getProperty("java.version") + ")";
        }
        if (error instanceof LinkageError) {
            return "cannot load class '" + className + "': " + error.getMessage();
        }
        return notFound(className, classpath);
    }

    /** {@code cannot find class 'a.b.C' on the class path (...)}. */
    private static String notFound(String className, List<Path> classpath) {
        String text = "cannot find class '" + className + "' on the class path";
        List<String> absent = classpath.stream().filter(p -> !Files.exists(p)).map(Path::toString).toList();
        Optional<String> similar = similar(className, classpath);
        if (similar.isPresent()) {
            return text + " (did you mean '" + similar.get() + "'?)";
        }
        if (!absent.isEmpty()) {
            return text + " (" + (absent.size() == 1 ? "its entry '" + absent.get(0) + "' does not exist"
                    : "its entries " + absent + " do not exist") + ")";
        }
        return text + (classpath.isEmpty() ? " (the dataflow has no 'classpath:'; " : " (")
                + "add its jar or classes directory with 'classpath:' in the dataflow or --classpath)";
    }

    private static Optional<String> similar(String className, List<Path> classpath) {
        Set<String> names = names(classpath);
        String simple = className.substring(className.lastIndexOf('.') + 1);
        for (String name : names) {
            if (name.endsWith("." + simple) || name.equals(simple)) {
                return Optional.of(name);
            }
        }
        return Suggestions.closest(className, names);
    }

    /** The binary names of the classes in the entries (unreadable entries are skipped: this is only a hint). */
    static Set<String> names(List<Path> classpath) {
        Set<String> names = new LinkedHashSet<>();
        for (Path entry : classpath) {
            try {
                if (Files.isDirectory(entry)) {
                    addDirectory(entry, names);
                } else if (Files.isRegularFile(entry)) {
                    addJar(entry, names);
                }
            } catch (IOException | UncheckedIOException | SecurityException e) {
                // an entry we cannot read gives no hint; the problem itself is reported anyway
            }
        }
        return names;
    }

    private static void addDirectory(Path dir, Set<String> names) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            List<String> found = new ArrayList<>();
            files.filter(f -> f.toString().endsWith(".class")).limit(MAX_NAMES)
                    .forEach(f -> found.add(binaryName(dir.relativize(f).toString().replace('\\', '/'))));
            found.stream().filter(n -> !n.isEmpty()).forEach(names::add);
        }
    }

    private static void addJar(Path jar, Set<String> names) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")).limit(MAX_NAMES)
                    .map(MissingClass::binaryName).filter(n -> !n.isEmpty()).forEach(names::add);
        }
    }

    /** {@code a/b/C$D.class} to {@code a.b.C$D}; empty for {@code module-info} and versioned entries. */
    private static String binaryName(String entry) {
        if (entry.startsWith("META-INF/") || entry.endsWith("module-info.class")
                || entry.endsWith("package-info.class")) {
            return "";
        }
        return entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
    }
}

package dev.jdora.cli;

import dev.jdora.runtime.internal.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test a runtime directory of its own (mode 0700) for the runs it starts in this JVM and in the processes
 * it passes {@link #jvmOption()} to, so that it never sees, lists or stops the developer's own runs: sets {@value
 * RunDirectory#RUNTIME_DIR_PROPERTY} before each test and restores what it was after, then deletes the directory.
 * Register with {@code @RegisterExtension}.
 */
final class PrivateRuntimeDirectory implements BeforeEachCallback, AfterEachCallback {

    private @Nullable String previous;
    private @Nullable Path directory;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        directory = Files.createTempDirectory("jdora-rt",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        previous = System.getProperty(RunDirectory.RUNTIME_DIR_PROPERTY);
        System.setProperty(RunDirectory.RUNTIME_DIR_PROPERTY, directory.toString());
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (previous == null) {
            System.clearProperty(RunDirectory.RUNTIME_DIR_PROPERTY);
        } else {
            System.setProperty(RunDirectory.RUNTIME_DIR_PROPERTY, previous);
        }
        try (Stream<Path> files = Files.walk(path())) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The runtime directory of this test (runs go to {@code <it>/jdora/<run id>}). */
    Path path() {
        if (directory == null) {
            throw new IllegalStateException("no test is running");
        }
        return directory;
    }

    /** Where the runs of this test register: {@code <runtime directory>/jdora}. */
    Path runs() {
        return path().resolve("jdora");
    }

    /** The JVM option that sends a child {@code jdora} process's runs here. */
    String jvmOption() {
        return "-D" + RunDirectory.RUNTIME_DIR_PROPERTY + "=" + path();
    }
}

package dev.jdora.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;

/**
 * The JVM options every jdora JVM needs (module access for Arrow and Chronicle Queue), read from
 * {@code jdora-jvm.options} in the jdora-runtime jar — the file the build writes from the root pom's
 * {@code jdora.jvmOptions}, and that the runtime gives every node JVM — plus
 * {@code --sun-misc-unsafe-memory-access=allow} from JDK 23 on, as the runtime and the {@code ./jdora} launcher add it.
 * Stateless.
 */
final class JdoraJvm {

    private static final String RESOURCE = "/jdora-jvm.options";

    private JdoraJvm() {
    }

    /** The options, for a JVM of the same version as this one. */
    static List<String> options() throws MojoExecutionException {
        List<String> options = new ArrayList<>();
        try (InputStream in = JdoraJvm.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new MojoExecutionException(RESOURCE + " is missing from the plugin's class path (jdora-runtime)");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!text.isEmpty()) {
                options.addAll(List.of(text.split("\\s+")));
            }
        } catch (IOException e) {
            throw new MojoExecutionException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
        if (Runtime.version().feature() >= 23) {
            options.add("--sun-misc-unsafe-memory-access=allow"); // Arrow reads memory through sun.misc.Unsafe
        }
        return options;
    }

    /** The {@code java} of the JVM Maven runs on: the forked jdora runs on the same JDK as the build. */
    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}

package dev.jdora.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.jspecify.annotations.Nullable;

/**
 * {@code mvn jdora:run}: runs the dataflow ({@code jdora run}) until every node has ended, with the project's classes
 * and runtime dependencies on every node's class path. Ctrl-C stops the dataflow as it does {@code jdora run}. The
 * build fails when a node failed or the dataflow is wrong, with jdora's message. Compile first: {@code mvn compile
 * jdora:run}, or {@code mvn verify} once and then {@code mvn jdora:run}.
 */
@Mojo(name = "run", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public final class RunMojo extends CliMojo {

    public RunMojo() {
        super("run");
    }

    /** How long nodes may take to stop after {@code Stop}, e.g. {@code 10s}, {@code 500ms} (jdora's default: 10s). */
    @Parameter(property = "jdora.graceDuration")
    private @Nullable String graceDuration;

    /** Where node logs go ({@code <run>/<node>.log}). */
    @Parameter(property = "jdora.logDir", defaultValue = "${project.build.directory}/jdora-logs")
    private File logDir;

    /** Does not echo node output to the console (it still goes to the logs). */
    @Parameter(property = "jdora.quiet", defaultValue = "false")
    private boolean quiet;

    /** Runs every node as a thread of one JVM over the in-JVM transport instead of a process of its own. */
    @Parameter(property = "jdora.inJvm", defaultValue = "false")
    private boolean inJvm;

    /** Reloads an operator when its class files change (after {@code mvn compile} in another terminal, say). */
    @Parameter(property = "jdora.hotReload", defaultValue = "false")
    private boolean hotReload;

    /** Settings of the transport, e.g. {@code <shm.maxRingBytes>1048576</shm.maxRingBytes>}. */
    @Parameter
    private Map<String, String> transportSettings = new LinkedHashMap<>();

    /** More jars or class directories for the nodes, after the project's, separated by the platform's separator. */
    @Parameter(property = "jdora.classpath")
    private @Nullable String classpath;

    @Override
    List<String> options() {
        List<String> options = new ArrayList<>(List.of("--log-dir", logDir.getPath()));
        if (graceDuration != null) {
            options.addAll(List.of("--grace-duration", graceDuration));
        }
        if (quiet) {
            options.add("--quiet");
        }
        if (inJvm) {
            options.add("--in-jvm");
        }
        if (hotReload) {
            options.add("--hot-reload");
        }
        transportSettings.forEach((key, value) -> options.addAll(List.of("--transport-setting", key + "=" + value)));
        return options;
    }

    @Override
    List<Path> extraClasspath() {
        List<Path> entries = new ArrayList<>();
        if (classpath != null) {
            for (String entry : classpath.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    entries.add(project().getBasedir().toPath().resolve(entry.trim()));
                }
            }
        }
        return entries;
    }
}

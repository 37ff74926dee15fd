package dev.jdora.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.jspecify.annotations.Nullable;

/**
 * {@code mvn jdora:graph}: draws the dataflow ({@code jdora graph}): an HTML page that works offline (default, written
 * to {@code target/<dataflow name>.html}), or Mermaid or Graphviz DOT text on the console.
 */
@Mojo(name = "graph", threadSafe = true)
public final class GraphMojo extends CliMojo {

    public GraphMojo() {
        super("graph");
    }

    /** {@code html} (default), {@code mermaid} or {@code dot}. */
    @Parameter(property = "jdora.format", defaultValue = "html")
    private String format;

    /** Where the HTML page goes (default: the dataflow's name with {@code .html}, in the build directory). */
    @Parameter(property = "jdora.output")
    private @Nullable File output;

    @Override
    List<String> options() throws MojoExecutionException, MojoFailureException {
        switch (format) {
            case "mermaid":
                return List.of("--mermaid");
            case "dot":
                return List.of("--dot");
            case "html":
                return List.of("--output", page().toString());
            default:
                throw new MojoFailureException("jdora.format must be html, mermaid or dot, not '" + format + "'");
        }
    }

    private Path page() throws MojoExecutionException {
        if (output != null) {
            return output.toPath();
        }
        Path target = Path.of(project().getBuild().getDirectory());
        String name = dataflow().getFileName().toString();
        int dot = name.lastIndexOf('.');
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new MojoExecutionException("cannot create " + target + ": " + e.getMessage(), e);
        }
        return target.resolve((dot > 0 ? name.substring(0, dot) : name) + ".html");
    }
}

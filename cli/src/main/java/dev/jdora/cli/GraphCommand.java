package dev.jdora.cli;

import dev.jdora.cli.graph.GraphRenderer;
import dev.jdora.core.dataflow.Dataflow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jdora graph}: draws a dataflow. By default writes a self-contained HTML page (Mermaid bundled, works offline)
 * next to the dataflow; {@code --mermaid} and {@code --dot} print text instead; {@code --live} serves the live graph
 * of a running dataflow ({@link UiCommand}).
 */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = {"Draw a dataflow: an offline HTML page (default), Mermaid text or Graphviz DOT.",
            "With --live RUN: serve the live graph of a running dataflow (see jdora ui)."})
final class GraphCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DATAFLOW", description = "the dataflow YAML file")
    private Path file = Path.of("dataflow.yml");

    @ArgGroup(exclusive = true)
    private @Nullable Format format;

    static final class Format {
        @Option(names = "--mermaid", description = "print Mermaid flowchart text")
        boolean mermaid;

        @Option(names = "--dot", description = "print Graphviz DOT")
        boolean dot;
    }

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "where to write the HTML page (default: the dataflow's name with .html, in the current "
                    + "directory)")
    private @Nullable Path output;

    @Option(names = "--live", paramLabel = "RUN", description = "instead of a file: serve the live graph of a "
            + "running dataflow (its name or id), as jdora ui does")
    private @Nullable String live;

    @Option(names = "--port", paramLabel = "PORT", description = "with --live: the port on 127.0.0.1 (default: a "
            + "free one)")
    private int port;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (live != null) {
            return UiCommand.serve(live, port, spec);
        }
        Optional<Dataflow> loaded = DataflowFiles.load(file, spec.commandLine().getErr());
        if (loaded.isEmpty()) {
            return Main.USER_ERROR;
        }
        Dataflow dataflow = loaded.get();
        if (format != null && format.mermaid) {
            spec.commandLine().getOut().print(GraphRenderer.mermaid(dataflow));
        } else if (format != null && format.dot) {
            spec.commandLine().getOut().print(GraphRenderer.dot(dataflow));
        } else {
            Path target = output != null ? output : Path.of(htmlName(file));
            try {
                Files.writeString(target, GraphRenderer.html(dataflow), StandardCharsets.UTF_8);
            } catch (IOException e) {
                spec.commandLine().getErr().println("error: " + UsageErrors.cannotWrite(target, e));
                return Main.USER_ERROR;
            }
            spec.commandLine().getOut().println("wrote " + target);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static String htmlName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name) + ".html";
    }
}

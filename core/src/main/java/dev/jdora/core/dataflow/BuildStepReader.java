package dev.jdora.core.dataflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.snakeyaml.engine.v2.nodes.Node;

/** Reads a {@code build:} value (of a node or an operator) into its {@link BuildStep}s, one per non-blank line. */
final class BuildStepReader {

    private BuildStepReader() {
    }

    static List<BuildStep> read(YamlTree tree, Node node, String context) {
        List<BuildStep> steps = new ArrayList<>();
        if (YamlTree.isNull(node)) {
            return steps;
        }
        Optional<String> text = tree.string(node, context, "build");
        if (text.isEmpty()) {
            return steps;
        }
        SourceLocation location = tree.problems().at(node);
        for (String line : text.get().split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            Optional<List<String>> words = ArgsSplitter.split(line);
            if (words.isEmpty()) {
                tree.report(node, context, "'build' has a quote that is not closed: " + line.strip());
            } else {
                steps.add(new BuildStep(line.strip(), words.get(), location));
            }
        }
        return steps;
    }
}

package dev.jdora.core.dataflow;

import java.util.List;
import java.util.Optional;

/**
 * One operator of a runtime node, as written (hosting comes with the operators issue).
 *
 * @param id        the operator id ({@code op} for the single {@code operator:} form)
 * @param className {@code class:} the operator class
 * @param inputs    its inputs
 * @param outputs   its outputs
 * @param build     {@code build:} the commands {@code jdora build} runs in the dataflow's directory, in order
 * @param location  where it is written
 */
public record OperatorSpec(
        String id,
        Optional<String> className,
        List<InputSpec> inputs,
        List<String> outputs,
        List<BuildStep> build,
        SourceLocation location) {
}

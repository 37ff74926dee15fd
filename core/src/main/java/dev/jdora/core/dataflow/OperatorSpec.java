package dev.jdora.core.dataflow;

import java.util.List;
import java.util.Map;
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
 * @param outputTypes  {@code output_types:} the declared type of some of its outputs (dora 1.0)
 * @param inputTypes   {@code input_types:} the declared type of some of its inputs (dora 1.0)
 * @param sendStdoutAs {@code send_stdout_as:} one of its outputs, on which the runtime sends each line its runtime
 *                     node prints (at most one operator of a node has it)
 */
public record OperatorSpec(
        String id,
        Optional<String> className,
        List<InputSpec> inputs,
        List<String> outputs,
        List<BuildStep> build,
        SourceLocation location,
        Map<String, PortType> outputTypes,
        Map<String, PortType> inputTypes,
        Optional<String> sendStdoutAs) {

    /** An operator without {@code build:}, typed ports and {@code send_stdout_as}. */
    public OperatorSpec(String id, Optional<String> className, List<InputSpec> inputs, List<String> outputs,
                        SourceLocation location) {
        this(id, className, inputs, outputs, List.of(), location, Map.of(), Map.of(), Optional.empty());
    }
}

package dev.jdora.core.dataflow;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node of a dataflow, after validation. Exactly one of {@link #path()}, {@link #className()} and
 * {@link #operators()} is present.
 *
 * @param id         the node id: letters, digits, {@code _} and {@code -}
 * @param path       {@code path:} an executable, a script or an executable jar, resolved against the dataflow file
 * @param className  {@code class:} a JVM class with {@code main}, or implementing {@code NodeMain}
 * @param operators  {@code operators:} / {@code operator:} (hosted by a later issue; kept as written)
 * @param args       {@code args:} split like a shell would split them, without shell expansion
 * @param env        {@code env:} extra environment variables (values turned to strings)
 * @param inputs     {@code inputs:}, in file order
 * @param outputs    {@code outputs:}, in file order
 * @param jvmOptions {@code jvm_options:} (jdora) options for the node's JVM when it runs as a process
 * @param deployMachine {@code deploy.machine}, accepted by the parser and refused by {@code run}
 * @param build      {@code build:} the commands {@code jdora build} runs in the dataflow's directory, in order
 * @param location   where the node is written
 */
public record NodeSpec(
        String id,
        Optional<String> path,
        Optional<String> className,
        List<OperatorSpec> operators,
        List<String> args,
        Map<String, String> env,
        List<InputSpec> inputs,
        List<String> outputs,
        List<String> jvmOptions,
        Optional<String> deployMachine,
        List<BuildStep> build,
        SourceLocation location) {

    /** The input with that id, if declared. */
    public Optional<InputSpec> input(String inputId) {
        return inputs.stream().filter(i -> i.id().equals(inputId)).findFirst();
    }
}

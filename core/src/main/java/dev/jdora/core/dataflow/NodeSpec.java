package dev.jdora.core.dataflow;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node of a dataflow, after validation. Exactly one of {@link #path()}, {@link #className()}, {@link #bean()}
 * and {@link #operators()} is present.
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
 * @param outputTypes  {@code output_types:} the declared type of some of {@link #outputs()} (dora 1.0)
 * @param inputTypes   {@code input_types:} the declared type of some of {@link #inputs()} (dora 1.0)
 * @param sendStdoutAs {@code send_stdout_as:} the output (one of {@link #outputs()}) on which the runtime sends each
 *                     line the node prints, as a one-element UTF-8 string array; for a runtime node, the
 *                     operator's output ({@code operator/output}) once flattened by the runtime
 * @param bean       {@code bean:} (jdora) the name of a bean of the Spring application that runs the dataflow, run
 *                   as a thread of that application; only a run started with the application's beans can run it
 * @param supervision {@code restart_policy:} and the other restart and health keys ({@link Supervision#NONE} when
 *                   none is written)
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
        SourceLocation location,
        Map<String, PortType> outputTypes,
        Map<String, PortType> inputTypes,
        Optional<String> sendStdoutAs,
        Optional<String> bean,
        Supervision supervision) {

    /** {@code path: dynamic} (dora's keyword): a node started by hand, not by the runtime (not runnable yet). */
    public static final String DYNAMIC = "dynamic";

    /** A node without restart or health keys. */
    public NodeSpec(String id, Optional<String> path, Optional<String> className, List<OperatorSpec> operators,
                    List<String> args, Map<String, String> env, List<InputSpec> inputs, List<String> outputs,
                    List<String> jvmOptions, Optional<String> deployMachine, List<BuildStep> build,
                    SourceLocation location, Map<String, PortType> outputTypes, Map<String, PortType> inputTypes,
                    Optional<String> sendStdoutAs, Optional<String> bean) {
        this(id, path, className, operators, args, env, inputs, outputs, jvmOptions, deployMachine, build, location,
                outputTypes, inputTypes, sendStdoutAs, bean, Supervision.NONE);
    }

    /** A node that is not a {@code bean:} node. */
    public NodeSpec(String id, Optional<String> path, Optional<String> className, List<OperatorSpec> operators,
                    List<String> args, Map<String, String> env, List<InputSpec> inputs, List<String> outputs,
                    List<String> jvmOptions, Optional<String> deployMachine, List<BuildStep> build,
                    SourceLocation location, Map<String, PortType> outputTypes, Map<String, PortType> inputTypes,
                    Optional<String> sendStdoutAs) {
        this(id, path, className, operators, args, env, inputs, outputs, jvmOptions, deployMachine, build, location,
                outputTypes, inputTypes, sendStdoutAs, Optional.empty());
    }

    /** A node without {@code build:}, typed ports and {@code send_stdout_as}. */
    public NodeSpec(String id, Optional<String> path, Optional<String> className, List<OperatorSpec> operators,
                    List<String> args, Map<String, String> env, List<InputSpec> inputs, List<String> outputs,
                    List<String> jvmOptions, Optional<String> deployMachine, SourceLocation location) {
        this(id, path, className, operators, args, env, inputs, outputs, jvmOptions, deployMachine, List.of(),
                location, Map.of(), Map.of(), Optional.empty());
    }

    /** True for {@code path: dynamic}: a node meant to be started by hand ({@code jdora run} refuses it for now). */
    public boolean dynamic() {
        return path.filter(DYNAMIC::equals).isPresent();
    }

    /** The input with that id, if declared. */
    public Optional<InputSpec> input(String inputId) {
        return inputs.stream().filter(i -> i.id().equals(inputId)).findFirst();
    }
}

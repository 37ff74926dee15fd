package dev.jdora.runtime.internal;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.InputSource;
import dev.jdora.core.dataflow.InputSpec;
import dev.jdora.core.dataflow.NodeSpec;
import dev.jdora.core.dataflow.OperatorSpec;
import dev.jdora.core.dataflow.PortType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns every runtime node (a node with {@code operators:}) into a plain node the wiring understands: its inputs are
 * the inputs of its operators that read from <em>other</em> nodes or timers, named {@code operator/input}; its
 * outputs are every operator output, named {@code operator/output} (so the channel of {@code node/operator/output} is
 * {@code ChannelId(node, "operator/output")}). Edges between operators of one node are left out: the
 * {@link OperatorHost} carries them in memory. Sources written in the single-operator short form {@code node/output}
 * are rewritten to {@code node/operator/output}. Output and input types, and the operator output of
 * {@code send_stdout_as} (everything the runtime node prints goes there), are named the same way.
 */
final class OperatorNodes {

    private OperatorNodes() {
    }

    static Dataflow flatten(Dataflow dataflow) {
        Map<String, NodeSpec> byId = dataflow.nodes().stream()
                .collect(Collectors.toMap(NodeSpec::id, Function.identity(), (a, b) -> a));
        List<NodeSpec> nodes = new ArrayList<>();
        for (NodeSpec node : dataflow.nodes()) {
            nodes.add(node.operators().isEmpty() ? withInputs(node, canonical(node.inputs(), byId), node.outputs())
                    : flattenRuntimeNode(node, byId));
        }
        return dataflow.withNodes(nodes);
    }

    private static NodeSpec flattenRuntimeNode(NodeSpec node, Map<String, NodeSpec> byId) {
        List<InputSpec> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        Map<String, PortType> outputTypes = new LinkedHashMap<>();
        Map<String, PortType> inputTypes = new LinkedHashMap<>();
        Optional<String> stdout = Optional.empty();
        for (OperatorSpec op : node.operators()) {
            for (InputSpec input : canonical(op.inputs(), byId)) {
                if (!isInternal(node, input)) {
                    inputs.add(new InputSpec(op.id() + "/" + input.id(), input.source(), input.queueSize(),
                            input.queuePolicy(), input.inputTimeout(), input.location()));
                }
            }
            op.outputs().forEach(out -> outputs.add(op.id() + "/" + out));
            op.outputTypes().forEach((out, type) -> outputTypes.put(op.id() + "/" + out, type));
            op.inputTypes().forEach((in, type) -> inputTypes.put(op.id() + "/" + in, type));
            if (stdout.isEmpty()) {
                stdout = op.sendStdoutAs().map(out -> op.id() + "/" + out);
            }
        }
        return new NodeSpec(node.id(), node.path(), node.className(), List.of(), node.args(), node.env(), inputs,
                outputs, node.jvmOptions(), node.deployMachine(), node.build(), node.location(), outputTypes, inputTypes,
                stdout, node.bean(), node.supervision());
    }

    /** Whether {@code input} (already canonical) reads another operator of {@code node}. */
    static boolean isInternal(NodeSpec node, InputSpec input) {
        return input.source() instanceof InputSource.NodeOutput out && out.nodeId().equals(node.id());
    }

    /** The inputs with single-operator short sources ({@code node/output}) written {@code node/operator/output}. */
    static List<InputSpec> canonical(List<InputSpec> inputs, Map<String, NodeSpec> byId) {
        List<InputSpec> result = new ArrayList<>();
        for (InputSpec input : inputs) {
            InputSource source = input.source();
            if (source instanceof InputSource.NodeOutput out && !out.outputId().contains("/")) {
                NodeSpec target = byId.get(out.nodeId());
                if (target != null && target.operators().size() == 1) {
                    source = new InputSource.NodeOutput(out.nodeId(),
                            target.operators().get(0).id() + "/" + out.outputId());
                }
            }
            result.add(new InputSpec(input.id(), source, input.queueSize(), input.queuePolicy(),
                    input.inputTimeout(), input.location()));
        }
        return result;
    }

    private static NodeSpec withInputs(NodeSpec node, List<InputSpec> inputs, List<String> outputs) {
        return new NodeSpec(node.id(), node.path(), node.className(), List.of(), node.args(), node.env(), inputs,
                outputs, node.jvmOptions(), node.deployMachine(), node.build(), node.location(), node.outputTypes(),
                node.inputTypes(), node.sendStdoutAs(), node.bean(), node.supervision());
    }

    /** The operator spec of {@code node} with that id. */
    static Optional<OperatorSpec> operator(NodeSpec node, String operatorId) {
        return node.operators().stream().filter(o -> o.id().equals(operatorId)).findFirst();
    }
}

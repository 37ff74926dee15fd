package dev.jdora.core.dataflow;

import dev.jdora.core.internal.Suggestions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The checks that need the whole dataflow: unique node ids, that every input's source node, operator and output
 * exist (and are not the reader itself), that every input's full name fits {@link Ids#MAX_INPUT_NAME_LENGTH}, and
 * that an input with a declared type ({@code input_types}) reads a source whose declared type
 * ({@code output_types}; a timer's is {@code std/core/v1/UInt64}) fits it, and that every node named by
 * {@code exit_when_nodes_finish} exists. Inputs of nodes of a kind jdora cannot run, and inputs reading them, are
 * checked only as far as jdora can know them.
 */
final class DataflowValidator {

    private final Problems problems;
    private final TypeCompatibility types;
    private final Set<String> foreignNodes;
    private final Map<String, NodeSpec> byId = new LinkedHashMap<>();

    DataflowValidator(Problems problems, TypeCompatibility types, Set<String> foreignNodes) {
        this.problems = problems;
        this.types = types;
        this.foreignNodes = Set.copyOf(foreignNodes);
    }

    void validate(Dataflow dataflow) {
        for (NodeSpec node : dataflow.nodes()) {
            NodeSpec first = byId.putIfAbsent(node.id(), node);
            if (first != null) {
                problems.add(node.location(), "node '" + node.id() + "': duplicate node id (first at line "
                        + first.location().line() + ")");
            }
        }
        for (NodeSpec node : dataflow.nodes()) {
            String context = "node '" + Ids.forMessage(node.id()) + "'";
            for (InputSpec input : node.inputs()) {
                checkSource(node, null, input, node.inputTypes().get(input.id()), context + ": input '" + input.id()
                        + "'");
                checkFullName(node.id() + "/" + input.id(), "node/input", input, context + ": input '" + input.id()
                        + "'");
            }
            for (OperatorSpec op : node.operators()) {
                for (InputSpec input : op.inputs()) {
                    String inputContext = context + ": operator '" + op.id() + "': input '" + input.id() + "'";
                    checkSource(node, op, input, op.inputTypes().get(input.id()), inputContext);
                    checkFullName(node.id() + "/" + op.id() + "/" + input.id(), "node/operator/input", input,
                            inputContext);
                }
            }
        }
        checkNodesToFinish(dataflow.exitWhenNodesFinish());
    }

    private void checkNodesToFinish(ExitWhenNodesFinish setting) {
        if (setting instanceof ExitWhenNodesFinish.Listed listed) {
            for (ExitWhenNodesFinish.NamedNode named : listed.nodes()) {
                if (!byId.containsKey(named.nodeId())) {
                    problems.add(named.location(), ExitWhenNodesFinishReader.KEY + ": unknown node '"
                            + named.nodeId() + "'" + Suggestions.didYouMean(named.nodeId(), byId.keySet()));
                }
            }
        }
    }

    private void checkSource(NodeSpec reader, @Nullable OperatorSpec readerOp, InputSpec input,
                             @Nullable PortType expected, String context) {
        if (!(input.source() instanceof InputSource.NodeOutput)) {
            checkType(TypeCompatibility.TIMER, expected, input, context);
            return;
        }
        InputSource.NodeOutput source = (InputSource.NodeOutput) input.source();
        NodeSpec target = byId.get(source.nodeId());
        if (target == null) {
            report(input, context, "unknown source node '" + source.nodeId() + "'"
                    + Suggestions.didYouMean(source.nodeId(), byId.keySet()));
            return;
        }
        if (foreignNodes.contains(target.id())) {
            return; // reported where it is written; its outputs may be declared where jdora does not read them
        }
        String[] parts = source.outputId().split("/", 2);
        if (parts.length == 1 && target.operators().size() == 1) {
            // the single-operator short form: node/output stands for node/<operator>/output
            parts = new String[] {target.operators().get(0).id(), parts[0]};
        }
        if (target == reader && (readerOp == null || parts.length == 2 && parts[0].equals(readerOp.id()))) {
            report(input, context, "source '" + source.text() + "': "
                    + (readerOp == null ? "a node" : "an operator") + " cannot read its own output");
        } else if (parts.length == 1) {
            checkOutput(target, source.outputId(), input, context);
            checkType(target.outputTypes().get(source.outputId()), expected, input, context);
        } else {
            String output = parts[1];
            checkOperatorOutput(target, parts[0], output, input, context).ifPresent(op ->
                    checkType(op.outputTypes().get(output), expected, input, context));
        }
    }

    /** Reports an input whose declared type does not accept its source's (nothing if either is not declared). */
    private void checkType(@Nullable PortType actual, @Nullable PortType expected, InputSpec input, String context) {
        if (actual != null && expected != null && !types.accepts(actual, expected)) {
            report(input, context, "type mismatch: input_types says " + expected.urn() + ", but its source '"
                    + input.source().text() + "' " + (input.source() instanceof InputSource.Timer ? "is a timer ("
                    + actual.urn() + ")" : "has output_types " + actual.urn()));
        }
    }

    private void checkOutput(NodeSpec target, String output, InputSpec input, String context) {
        if (target.outputs().contains(output)) {
            return;
        }
        String hint = target.operators().isEmpty() ? Suggestions.didYouMean(output, target.outputs())
                : " (the outputs of its operators are written '" + target.id() + "/<operator>/<output>')";
        report(input, context, "source node '" + target.id() + "' has no output '" + output + "'" + hint);
    }

    /** The operator, if it exists (whether it has that output or not). */
    private Optional<OperatorSpec> checkOperatorOutput(NodeSpec target, String opId, String output, InputSpec input,
                                                       String context) {
        Optional<OperatorSpec> op = target.operators().stream().filter(o -> o.id().equals(opId)).findFirst();
        if (op.isEmpty()) {
            report(input, context, "source node '" + target.id() + "' has no operator '" + opId + "'"
                    + Suggestions.didYouMean(opId, target.operators().stream().map(OperatorSpec::id).toList()));
        } else if (!op.get().outputs().contains(output)) {
            report(input, context, "operator '" + target.id() + "/" + opId + "' has no output '" + output + "'"
                    + Suggestions.didYouMean(output, op.get().outputs()));
        }
        return op;
    }

    /** The transport names each input by its full name, in a slot of {@link Ids#MAX_INPUT_NAME_LENGTH} bytes. */
    private void checkFullName(String fullName, String form, InputSpec input, String context) {
        if (fullName.length() > Ids.MAX_INPUT_NAME_LENGTH) {
            report(input, context, "the input's full name '" + form + "' is " + fullName.length()
                    + " characters long: at most " + Ids.MAX_INPUT_NAME_LENGTH
                    + " (shorten the node, " + (form.contains("operator") ? "operator " : "") + "or input id)");
        }
    }

    private void report(InputSpec input, String context, String message) {
        problems.add(input.location(), context + ": " + message);
    }
}

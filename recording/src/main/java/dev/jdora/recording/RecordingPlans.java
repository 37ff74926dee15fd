package dev.jdora.recording;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.InputSource;
import dev.jdora.core.dataflow.InputSpec;
import dev.jdora.core.dataflow.NodeSpec;
import dev.jdora.core.dataflow.OperatorSpec;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.recording.internal.RecorderNode;
import dev.jdora.recording.internal.ReplayNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Dataflows for recording and replaying, made from a dataflow without touching the runtime: recording adds a node
 * (the recorder, a {@code class:} node like any other) that reads the recorded outputs; replaying replaces nodes by
 * sources of the same id and outputs that send the recorded messages. Pure functions; any thread.
 */
public final class RecordingPlans {

    /** The recorder's node id (with a number appended if the dataflow already has a node of that id). */
    public static final String RECORDER_ID = "jdora-recorder";
    /** The {@code queue_size} of the recorder's inputs. */
    public static final int RECORDER_QUEUE_SIZE = 64;

    private RecordingPlans() {
    }

    /** Every output of the dataflow's nodes and operators, as {@code node/output} or {@code node/operator/output}. */
    public static List<String> outputs(Dataflow dataflow) {
        List<String> outputs = new ArrayList<>();
        for (NodeSpec node : dataflow.nodes()) {
            node.outputs().forEach(o -> outputs.add(node.id() + "/" + o));
            for (OperatorSpec operator : node.operators()) {
                operator.outputs().forEach(o -> outputs.add(node.id() + "/" + operator.id() + "/" + o));
            }
        }
        return outputs;
    }

    /**
     * {@code dataflow} with the recorder added: it reads each of {@code outputs} (all if empty) with
     * {@code backpressure} (lossless: a slow disk slows the producers), or with {@code drop_oldest} if {@code lossy},
     * and writes them to {@code dir}, which must hold the manifest already.
     *
     * @param throttleMillis a wait after each message, to test a slow disk (0 otherwise)
     * @throws RecordingException if an output named does not exist, naming it and the outputs that do
     */
    public static Dataflow withRecorder(Dataflow dataflow, List<String> outputs, Path dir, boolean lossy,
                                        long throttleMillis) throws RecordingException {
        List<String> all = outputs(dataflow);
        List<String> chosen = outputs.isEmpty() ? all : outputs;
        List<String> unknown = chosen.stream().filter(o -> !all.contains(o)).toList();
        if (!unknown.isEmpty()) {
            throw new RecordingException(dataflow.file() + ": no output " + String.join(", ", unknown)
                    + " (outputs: " + String.join(", ", all) + ")");
        }
        if (chosen.isEmpty()) {
            throw new RecordingException(dataflow.file() + ": the dataflow has no output to record");
        }
        Map<String, String> byInput = new LinkedHashMap<>();
        List<InputSpec> inputs = new ArrayList<>();
        NodeSpec first = dataflow.nodes().get(0);
        for (String output : chosen.stream().distinct().toList()) {
            String inputId = "r" + byInput.size();
            byInput.put(inputId, output);
            int slash = output.indexOf('/');
            inputs.add(new InputSpec(inputId, new InputSource.NodeOutput(output.substring(0, slash),
                    output.substring(slash + 1)), lossy ? InputSpec.DEFAULT_QUEUE_SIZE : RECORDER_QUEUE_SIZE,
                    lossy ? QueuePolicy.DROP_OLDEST : QueuePolicy.BACKPRESSURE, Optional.empty(), first.location()));
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put(RecorderNode.DIR_ENV, dir.toAbsolutePath().toString());
        env.put(RecorderNode.OUTPUTS_ENV, byInput.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",")));
        env.put(RecorderNode.LOSSY_ENV, Boolean.toString(lossy));
        env.put(RecorderNode.THROTTLE_ENV, Long.toString(throttleMillis));
        NodeSpec recorder = new NodeSpec(recorderId(dataflow), Optional.empty(),
                Optional.of(RecorderNode.class.getName()), List.of(), List.of(), env, inputs, List.of(), List.of(),
                Optional.empty(), first.location());
        List<NodeSpec> nodes = new ArrayList<>(dataflow.nodes());
        nodes.add(recorder);
        return dataflow.withNodes(nodes);
    }

    private static String recorderId(Dataflow dataflow) {
        String id = RECORDER_ID;
        for (int n = 2; dataflow.node(id).isPresent(); n++) {
            id = RECORDER_ID + "-" + n;
        }
        return id;
    }

    /**
     * The nodes a replay replaces when none are named: the recorded nodes that read no other node (the sources,
     * such as a camera), so that everything downstream of them runs again on the recorded data.
     */
    public static List<String> defaultReplaced(Dataflow dataflow, Recording recording) {
        return dataflow.nodes().stream()
                .filter(n -> !recordedOutputs(n, recording).isEmpty())
                .filter(n -> n.inputs().stream().noneMatch(i -> i.source() instanceof InputSource.NodeOutput))
                .map(NodeSpec::id).toList();
    }

    /**
     * {@code dataflow} with each node of {@code replaced} turned into a source sending what the recording holds of
     * its outputs, with the recorded timing divided by {@code speed} ({@code 0}: as fast as the readers accept; the
     * inputs reading a replaced node then become {@code backpressure}, so that nothing is dropped).
     *
     * @throws RecordingException if a node named does not exist in {@code dataflow}, has nothing recorded, or is a
     *         node of operators
     */
    public static Dataflow withReplay(Dataflow dataflow, Recording recording, List<String> replaced, double speed,
                                      boolean loop) throws RecordingException {
        List<String> problems = new ArrayList<>();
        for (String id : replaced) {
            Optional<NodeSpec> node = dataflow.node(id);
            if (node.isEmpty()) {
                problems.add("--replace " + id + ": " + dataflow.file() + " has no node '" + id + "' (nodes: "
                        + dataflow.nodes().stream().map(NodeSpec::id).collect(Collectors.joining(", ")) + ")");
            } else if (!node.get().operators().isEmpty()) {
                problems.add("--replace " + id + ": node '" + id + "' runs operators; only nodes can be replaced");
            } else if (recordedOutputs(node.get(), recording).isEmpty()) {
                problems.add("--replace " + id + ": " + recording.directory() + " holds no output of node '" + id
                        + "' (recorded: " + String.join(", ", recording.outputs()) + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new RecordingException(String.join("\n", problems));
        }
        List<NodeSpec> nodes = new ArrayList<>();
        for (NodeSpec node : dataflow.nodes()) {
            if (replaced.contains(node.id())) {
                nodes.add(replayNode(node, recording, speed, loop));
            } else {
                nodes.add(speed == 0 ? lossless(node, replaced) : node);
            }
        }
        return dataflow.withNodes(nodes);
    }

    private static List<String> recordedOutputs(NodeSpec node, Recording recording) {
        return node.outputs().stream().filter(o -> recording.outputs().contains(node.id() + "/" + o)).toList();
    }

    private static NodeSpec replayNode(NodeSpec node, Recording recording, double speed, boolean loop) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(ReplayNode.DIR_ENV, recording.directory().toAbsolutePath().toString());
        env.put(ReplayNode.OUTPUTS_ENV, recordedOutputs(node, recording).stream()
                .map(o -> o + "=" + node.id() + "/" + o).collect(Collectors.joining(",")));
        env.put(ReplayNode.SPEED_ENV, speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed));
        env.put(ReplayNode.LOOP_ENV, Boolean.toString(loop));
        return new NodeSpec(node.id(), Optional.empty(), Optional.of(ReplayNode.class.getName()), List.of(),
                List.of(), env, List.of(), node.outputs(), List.of(), node.deployMachine(), List.of(),
                node.location(), node.outputTypes(), Map.of(), Optional.empty());
    }

    private static NodeSpec lossless(NodeSpec node, List<String> replaced) {
        List<InputSpec> inputs = node.inputs().stream().map(i -> i.source() instanceof InputSource.NodeOutput out
                && replaced.contains(out.nodeId()) ? new InputSpec(i.id(), i.source(), i.queueSize(),
                QueuePolicy.BACKPRESSURE, i.inputTimeout(), i.location()) : i).toList();
        return new NodeSpec(node.id(), node.path(), node.className(), node.operators(), node.args(), node.env(),
                inputs, node.outputs(), node.jvmOptions(), node.deployMachine(), node.build(), node.location(),
                node.outputTypes(), node.inputTypes(), node.sendStdoutAs(), node.bean(), node.supervision());
    }
}

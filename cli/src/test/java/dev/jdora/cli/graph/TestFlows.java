package dev.jdora.cli.graph;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.InputSource;
import dev.jdora.core.dataflow.InputSpec;
import dev.jdora.core.dataflow.NodeSpec;
import dev.jdora.core.dataflow.OperatorSpec;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.dataflow.SourceLocation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Dataflows built directly from the model records, so these tests do not depend on the YAML loader. */
final class TestFlows {

    static final SourceLocation AT = new SourceLocation(Path.of("t.yml"), 1, 1);

    private TestFlows() {
    }

    /**
     * <pre>
     * dora/timer/millis/100 --tick--> camera --image→frames (queue_size 1, drop_oldest)--> detector
     * detector --boxes→boxes--> sink;  detector/debug is read by nobody
     * </pre>
     */
    static Dataflow camera() {
        NodeSpec camera = classNode("camera", "dev.example.Camera",
                List.of(input("tick", timer(100))), List.of("image"));
        NodeSpec detector = pathNode("object-detector", "detector_v2.py",
                List.of(input("frames", new InputSource.NodeOutput("camera", "image"), 1, QueuePolicy.DROP_OLDEST)),
                List.of("boxes", "debug"));
        NodeSpec sink = classNode("sink_1", "dev.example.Sink",
                List.of(input("boxes", new InputSource.NodeOutput("object-detector", "boxes"))), List.of());
        return flow(camera, detector, sink);
    }

    static Dataflow flow(NodeSpec... nodes) {
        return new Dataflow(Path.of("examples", "camera.yml"), List.of(nodes), List.of());
    }

    static NodeSpec classNode(String id, String className, List<InputSpec> inputs, List<String> outputs) {
        return node(id, Optional.empty(), Optional.of(className), List.of(), inputs, outputs);
    }

    static NodeSpec pathNode(String id, String path, List<InputSpec> inputs, List<String> outputs) {
        return node(id, Optional.of(path), Optional.empty(), List.of(), inputs, outputs);
    }

    static NodeSpec operatorNode(String id, List<OperatorSpec> operators) {
        return node(id, Optional.empty(), Optional.empty(), operators, List.of(), List.of());
    }

    static OperatorSpec operator(String id, List<InputSpec> inputs, List<String> outputs) {
        return new OperatorSpec(id, Optional.of("dev.example.Op"), inputs, outputs, AT);
    }

    private static NodeSpec node(String id, Optional<String> path, Optional<String> className,
                                 List<OperatorSpec> operators, List<InputSpec> inputs, List<String> outputs) {
        return new NodeSpec(id, path, className, operators, List.of(), Map.of(), inputs, outputs, List.of(),
                Optional.empty(), AT);
    }

    static InputSpec input(String id, InputSource source) {
        return input(id, source, InputSpec.DEFAULT_QUEUE_SIZE, QueuePolicy.DROP_OLDEST);
    }

    static InputSpec input(String id, InputSource source, int queueSize, QueuePolicy policy) {
        return new InputSpec(id, source, queueSize, policy, Optional.empty(), AT);
    }

    static InputSource.Timer timer(long millis) {
        return new InputSource.Timer(Duration.ofMillis(millis), "dora/timer/millis/" + millis);
    }
}

package dev.jdora.core.internal.stats;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a node's statistics file counts: written once into its header by the daemon, read by everyone else.
 *
 * @param dataflow the dataflow's name (its file name without {@code .yml})
 * @param nodeId   the node
 * @param inputs   the node's inputs, in the order of their counter blocks
 * @param outputs  the node's output ids, in the order of their counter blocks
 */
public record StatsDescription(String dataflow, String nodeId, List<Input> inputs, List<String> outputs) {

    /**
     * One input.
     *
     * @param id     the input id ({@code operator/input} for an operator's)
     * @param source {@code node/output}, or the timer ({@code dora/timer/millis/100})
     * @param policy the {@code queue_policy} as written in YAML
     */
    public record Input(String id, String source, String policy) {
    }

    public StatsDescription {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** Index of input {@code id}, or -1. */
    public int inputIndex(String id) {
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** Lines: dataflow, node, {@code I id source policy} per input, {@code O id} per output (ids hold no spaces). */
    byte[] encode() {
        StringBuilder text = new StringBuilder().append(dataflow).append('\n').append(nodeId).append('\n');
        inputs.forEach(i -> text.append("I ").append(i.id()).append(' ').append(i.source()).append(' ')
                .append(i.policy()).append('\n'));
        outputs.forEach(o -> text.append("O ").append(o).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    static StatsDescription decode(byte[] bytes) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
        if (lines.length < 2) {
            throw new IllegalArgumentException("not a jdora statistics header: " + lines.length + " lines");
        }
        List<Input> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        for (int i = 2; i < lines.length; i++) {
            String[] parts = lines[i].split(" ");
            if (parts[0].equals("I") && parts.length == 4) {
                inputs.add(new Input(parts[1], parts[2], parts[3]));
            } else if (parts[0].equals("O") && parts.length == 2) {
                outputs.add(parts[1]);
            } else {
                throw new IllegalArgumentException("not a jdora statistics header line: " + lines[i]);
            }
        }
        return new StatsDescription(lines[0], lines[1], inputs, outputs);
    }
}

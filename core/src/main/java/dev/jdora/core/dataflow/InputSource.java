package dev.jdora.core.dataflow;

import java.time.Duration;

/** Where an input's data comes from: another node's output, or a runtime timer. */
public sealed interface InputSource {

    /** The source as written in YAML: {@code node/output} or {@code dora/timer/millis/100}. */
    String text();

    /**
     * Another node's output.
     *
     * @param nodeId   the producing node
     * @param outputId the output of that node (for operators later: {@code operator/output})
     */
    record NodeOutput(String nodeId, String outputId) implements InputSource {
        @Override
        public String text() {
            return nodeId + "/" + outputId;
        }
    }

    /**
     * A timer of the runtime: {@code dora/timer/secs/N}, {@code millis/N}, {@code micros/N}, {@code nanos/N} or
     * {@code hz/N} ({@code N} may be a decimal for {@code hz}, e.g. {@code hz/0.5}). Timer inputs never close.
     *
     * @param period the tick period
     * @param text   the source as written, which is also the timer's channel name
     */
    record Timer(Duration period, String text) implements InputSource {
    }
}

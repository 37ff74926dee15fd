package dev.jdora.core.dataflow;

/** What an input does when its node falls {@code queue_size} messages behind (DESIGN.md rule 5). */
public enum QueuePolicy {
    /** Drop the oldest queued messages; every drop is counted. The default. */
    DROP_OLDEST("drop_oldest"),
    /** Lossless: the producer is slowed while this input is {@code queue_size} messages behind. */
    BACKPRESSURE("backpressure");

    private final String yamlName;

    QueuePolicy(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The spelling used in YAML, e.g. {@code drop_oldest}. */
    public String yamlName() {
        return yamlName;
    }
}

package dev.jdora.core.dataflow;

/** When the runtime starts a node again after its process ended ({@code restart_policy:}, dora 1.0's values). */
public enum RestartPolicy {
    /** Never: a node that ends stays ended. The default. */
    NEVER("never"),
    /** Only when it failed: a non-zero exit, a signal, a start-up or health-check timeout. A clean exit ends it. */
    ON_FAILURE("on-failure"),
    /** Whenever it ends while the dataflow is not stopping, also after a clean exit. */
    ALWAYS("always");

    private final String yamlName;

    RestartPolicy(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The spelling used in YAML, e.g. {@code on-failure}. */
    public String yamlName() {
        return yamlName;
    }
}

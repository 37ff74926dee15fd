package dev.jdora.bench.jmh;

/**
 * Options for forked JMH JVMs beyond the root pom's {@code jdora.jvmOptions}, which are not known at annotation time:
 * pass those with {@code -jvmArgsAppend "$(…)"} (see bench/README.md) or run {@link JmhMain}, which adds them.
 */
final class JvmOptions {

    /** A fixed heap, so GC figures compare between runs. */
    static final String XMX = "-Xmx1g";

    private JvmOptions() {
    }
}

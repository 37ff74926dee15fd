package dev.jdora.core.dataflow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys of dora 1.0's dataflow format that jdora does not support, each with the reason it gives, so that a
 * ported dataflow learns by name what will not work instead of reading "unknown key". The values continue the
 * message {@code 'key' ...}. Keys that jdora accepts with no effect are listed here too, with why that is harmless.
 */
final class DoraKeys {

    private static final String LOGS = "is not supported by jdora: it does not parse what nodes log; ";
    private static final String GIT = "is not supported by jdora: it does not fetch nodes from git; check the "
            + "repository out yourself and use 'path:' or 'class:'";
    private static final String PATTERNS = "is not supported by jdora: it has no service or action patterns";

    /** Keys of a node (and of an operator, where dora allows them there) that jdora refuses. */
    static final Map<String, String> NODE = nodeKeys();

    /** Keys of an operator that jdora refuses (besides {@code python}, {@code shared-library}, {@code wasm}). */
    static final Map<String, String> OPERATOR = operatorKeys();

    /** Top-level keys that jdora refuses. */
    static final Map<String, String> TOP = Map.of(
            "health_check_interval", "is not supported by jdora: it checks the health of nodes every second or "
                    + "faster; set 'health_check_timeout' on the nodes that need it",
            "module", "is not supported by jdora: this is a dora module file (a sub-dataflow that 'dora build' "
                    + "expands into its parent), and jdora has no modules; list the module's nodes in the dataflow");

    /** Keys of {@code deploy:} that jdora refuses. */
    static final Map<String, String> DEPLOY = Map.of(
            "labels", "is not supported by jdora: place the node with 'machine' (the --machine-id of a jdora daemon)",
            "distribute", "is not supported by jdora: place the node with 'machine' (the --machine-id of a jdora "
                    + "daemon)");

    /**
     * Keys that jdora accepts and ignores, because ignoring them changes nothing a node can observe:
     * {@code output_framing} (how dora frames Arrow data on its wire; jdora's transports have their own) and
     * {@code shared_memory_pool_size} (the size of dora's zenoh shared-memory pool; jdora sizes its own).
     */
    static final Set<String> IGNORED_NODE_KEYS = Set.of("output_framing", "shared_memory_pool_size");

    /**
     * Node keys that make a node a kind jdora cannot run; such a node gets no "needs one of 'path', 'class' ..."
     * problem, and its outputs are not checked by other nodes' inputs (they may be declared where jdora does not
     * read them).
     */
    static final List<String> FOREIGN_KINDS = List.of("ros2", "custom", "module", "hub");

    private DoraKeys() {
    }

    private static Map<String, String> nodeKeys() {
        Map<String, String> keys = new LinkedHashMap<>(operatorKeys());
        keys.put("ros2", "is not supported by jdora: the ROS 2 bridge is dora's own binary and needs a ROS 2 "
                + "installation (JVM nodes only)");
        keys.put("custom", "is not supported by jdora: it is dora's deprecated node form; write its 'source' as "
                + "'path:' (or 'class:'), its 'envs' as 'env:' and its other keys on the node itself");
        keys.put("module", "is not supported by jdora: modules (sub-dataflows that 'dora build' expands) do not "
                + "exist in jdora; list the module's nodes in this file");
        keys.put("params", "is not supported by jdora: it belongs to 'module', which jdora does not support");
        keys.put("hub", "is not supported by jdora: it does not resolve Dora Hub packages; build the node yourself "
                + "and use 'path:' or 'class:'");
        for (String key : List.of("git", "branch", "tag", "rev")) {
            keys.put(key, GIT);
        }
        keys.put("path_sha256", "is not supported by jdora: it does not download node binaries");
        keys.put("cpu_affinity", "is not supported by jdora: it does not pin nodes to CPUs (for a 'path:' "
                + "program, run it under 'taskset')");
        keys.put("finish_grace_secs", "is not supported by jdora: the grace period is one for the whole run "
                + "('jdora run --grace-duration')");
        return Collections.unmodifiableMap(keys);
    }

    private static Map<String, String> operatorKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("send_logs_as", LOGS + "use 'send_stdout_as' to send every line the node prints");
        keys.put("min_log_level", LOGS + "set the level in the node's own logging configuration");
        keys.put("max_log_size", "is not supported by jdora: it does not rotate node log files (each run writes "
                + "its own out/<run>/<node>.log)");
        keys.put("max_rotated_files", "is not supported by jdora: it does not rotate node log files (each run "
                + "writes its own out/<run>/<node>.log)");
        keys.put("output_metadata", PATTERNS);
        keys.put("pattern", PATTERNS);
        return Collections.unmodifiableMap(keys);
    }
}

package dev.jdora.core.internal.process;

import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.InputOptions;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * What a node process needs to wire itself: written by the daemon into the run directory, named by the
 * {@value #ENV} environment variable of the node process. Immutable.
 *
 * @param nodeId        the node
 * @param runDirectory  the run's directory
 * @param controlSocket the daemon's control socket (a Unix domain socket)
 * @param transport     the transport name
 * @param settings      transport settings
 * @param args          {@code args:}
 * @param env           {@code env:}
 * @param inputs        the inputs, in YAML order
 * @param outputs       the output ids the node writes, in YAML order
 * @param outputTypes   {@code output_types:} output id to type URN, checked at each send
 * @param stdoutOutput  {@code send_stdout_as:} the output the daemon writes with what the node prints (not one of
 *                      {@code outputs}: the node's sends on it are refused)
 */
public record NodeConfig(String nodeId, Path runDirectory, Path controlSocket, String transport,
                         Map<String, String> settings, List<String> args, Map<String, String> env,
                         List<Input> inputs, List<String> outputs, Map<String, String> outputTypes,
                         Optional<String> stdoutOutput) {

    /** The environment variable that names the configuration file. */
    public static final String ENV = "JDORA_NODE_CONFIG";

    /**
     * The environment variable that holds the node's secret: a random token the daemon gives only to the process it
     * launched for the node, which sends it in its {@code HELLO} so that no other process can register as that node.
     * Never written to the configuration file nor logged.
     */
    public static final String SECRET_ENV = "JDORA_NODE_SECRET";

    /** Set to {@code stdin} when the node's standard input is a pipe from the daemon that ends when it dies. */
    public static final String PARENT_WATCH_ENV = "JDORA_PARENT_WATCH";

    /**
     * One input.
     *
     * @param id           the input id
     * @param channel      the channel it reads
     * @param sourceNodeId the producing node ({@code dora} for timers)
     * @param timer        whether it is a timer input
     * @param options      queue size and policy
     * @param timeout      {@code input_timeout}
     */
    public record Input(String id, ChannelId channel, String sourceNodeId, boolean timer, InputOptions options,
                        Optional<Duration> timeout) {
    }

    public NodeConfig {
        settings = Map.copyOf(settings);
        args = List.copyOf(args);
        env = Map.copyOf(env);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        outputTypes = Map.copyOf(outputTypes);
    }

    /** A configuration without typed outputs and without {@code send_stdout_as}. */
    public NodeConfig(String nodeId, Path runDirectory, Path controlSocket, String transport,
                      Map<String, String> settings, List<String> args, Map<String, String> env, List<Input> inputs,
                      List<String> outputs) {
        this(nodeId, runDirectory, controlSocket, transport, settings, args, env, inputs, outputs, Map.of(),
                Optional.empty());
    }

    /** The subscriber id of an input on its channel: {@code node/input}. */
    public String subscriberId(Input input) {
        return nodeId + "/" + input.id();
    }

    /** Writes this configuration to a new or truncated {@code file}, created with mode 0600 (owner-only). */
    public void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("node", nodeId);
        p.setProperty("run.directory", runDirectory.toString());
        p.setProperty("control.socket", controlSocket.toString());
        p.setProperty("transport", transport);
        settings.forEach((k, v) -> p.setProperty("setting." + k, v));
        putList(p, "arg", args);
        env.forEach((k, v) -> p.setProperty("env." + k, v));
        putList(p, "output", outputs);
        outputTypes.forEach((k, v) -> p.setProperty("output.type." + k, v));
        stdoutOutput.ifPresent(o -> p.setProperty("stdout.output", o));
        p.setProperty("input.count", Integer.toString(inputs.size()));
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            String k = "input." + i + ".";
            p.setProperty(k + "id", in.id());
            p.setProperty(k + "channel.node", in.channel().nodeId());
            p.setProperty(k + "channel.output", in.channel().outputId());
            p.setProperty(k + "source", in.sourceNodeId());
            p.setProperty(k + "timer", Boolean.toString(in.timer()));
            p.setProperty(k + "queue.size", Integer.toString(in.options().queueSize()));
            p.setProperty(k + "queue.policy", in.options().queuePolicy().name());
            in.timeout().ifPresent(t -> p.setProperty(k + "timeout.nanos", Long.toString(t.toNanos())));
        }
        try (Writer w = new OutputStreamWriter(Channels.newOutputStream(Files.newByteChannel(file,
                Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))),
                StandardCharsets.UTF_8)) {
            p.store(w, "jdora node configuration");
        }
    }

    /** Reads a configuration written by {@link #write}. */
    public static NodeConfig read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> outputTypes = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("setting.")) {
                settings.put(key.substring("setting.".length()), p.getProperty(key));
            } else if (key.startsWith("env.")) {
                env.put(key.substring("env.".length()), p.getProperty(key));
            } else if (key.startsWith("output.type.")) {
                outputTypes.put(key.substring("output.type.".length()), p.getProperty(key));
            }
        }
        List<Input> inputs = new ArrayList<>();
        int count = Integer.parseInt(p.getProperty("input.count", "0"));
        for (int i = 0; i < count; i++) {
            String k = "input." + i + ".";
            String timeout = p.getProperty(k + "timeout.nanos");
            inputs.add(new Input(required(p, k + "id"),
                    new ChannelId(required(p, k + "channel.node"), required(p, k + "channel.output")),
                    required(p, k + "source"), Boolean.parseBoolean(required(p, k + "timer")),
                    new InputOptions(Integer.parseInt(required(p, k + "queue.size")),
                            QueuePolicy.valueOf(required(p, k + "queue.policy"))),
                    timeout == null ? Optional.empty() : Optional.of(Duration.ofNanos(Long.parseLong(timeout)))));
        }
        return new NodeConfig(required(p, "node"), Path.of(required(p, "run.directory")),
                Path.of(required(p, "control.socket")), required(p, "transport"), settings, getList(p, "arg"), env,
                inputs, getList(p, "output"), outputTypes, Optional.ofNullable(p.getProperty("stdout.output")));
    }

    private static void putList(Properties p, String key, List<String> values) {
        p.setProperty(key + ".count", Integer.toString(values.size()));
        for (int i = 0; i < values.size(); i++) {
            p.setProperty(key + "." + i, values.get(i));
        }
    }

    private static List<String> getList(Properties p, String key) {
        int count = Integer.parseInt(p.getProperty(key + ".count", "0"));
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(required(p, key + "." + i));
        }
        return values;
    }

    private static String required(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("the node configuration lacks '" + key + "'");
        }
        return value;
    }
}

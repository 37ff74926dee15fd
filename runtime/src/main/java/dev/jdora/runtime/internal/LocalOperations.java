package dev.jdora.runtime.internal;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.DataflowException;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.internal.OwnerOnly;
import dev.jdora.core.internal.Suggestions;
import dev.jdora.core.internal.process.DynamicJoin;
import dev.jdora.core.internal.process.NodeConfig;
import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.runtime.ExternalInput;
import dev.jdora.runtime.ops.DataflowOperations;
import dev.jdora.runtime.ops.OperationException;
import dev.jdora.runtime.ops.RunAddress;
import dev.jdora.runtime.ops.RunStatus;
import dev.jdora.runtime.ops.Tap;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link DataflowOperations} on the runs of this user on this machine. Every run — a {@code jdora run} in a terminal
 * or one that {@code jdora start} put in the background — registers itself in its private run directory
 * ({@link RunRegistration}) and answers on its control socket ({@link OpsProtocol}); there is no daemon to keep
 * alive, and a run that dies takes its registration with it (a directory whose process is gone is not listed, and
 * the next run removes it). The base directory is used only if it is certainly ours ({@link OwnerOnly}); another
 * user's runs cannot be reached at all (mode 0700 directories, 0600 sockets, the peer's user checked by the run).
 * Stateless; thread-safe.
 */
public final class LocalOperations implements DataflowOperations {

    private static final long POLL_MILLIS = 20;

    @Override
    public List<RunAddress> runs() {
        Path base = RunDirectory.base();
        if (!Files.exists(base, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<RunAddress> runs = new ArrayList<>();
        try {
            OwnerOnly.check(base);
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base,
                    p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
                for (Path dir : dirs) {
                    RunRegistration.read(dir).filter(LocalOperations::alive).ifPresent(runs::add);
                }
            }
        } catch (NoSuchFileException gone) {
            return List.of();
        } catch (IOException e) {
            throw new OperationException("cannot list the runs in " + base + ": " + e.getMessage(), true);
        }
        runs.sort(Comparator.comparing(RunAddress::started).thenComparing(RunAddress::id));
        return runs;
    }

    /** True while the run's process lives (not another process that reused its pid). */
    private static boolean alive(RunAddress run) {
        return ProcessHandle.of(run.pid()).filter(ProcessHandle::isAlive)
                .map(p -> p.info().startInstant().map(run.started()::equals).orElse(true)).orElse(false)
                && Files.exists(run.controlSocket(), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public RunStatus status(RunAddress run) {
        try (OpsConnection connection = OpsConnection.open(run, run.controlSocket())) {
            List<String> lines = new ArrayList<>();
            String line = connection.request(OpsProtocol.PREFIX + OpsProtocol.STATUS);
            while (!line.equals(OpsProtocol.END)) {
                lines.add(line);
                line = connection.readLine();
            }
            return OpsProtocol.decode(lines);
        }
    }

    @Override
    public void stop(RunAddress run, Optional<Duration> grace) {
        try (OpsConnection connection = OpsConnection.open(run, run.controlSocket())) {
            String answer = connection.request(OpsProtocol.PREFIX + OpsProtocol.STOP
                    + grace.map(g -> " " + g.toMillis()).orElse(""));
            if (!answer.equals(OpsProtocol.OK)) {
                throw new OperationException("dataflow '" + run.name() + "' did not stop: " + answer, false);
            }
        }
    }

    @Override
    public boolean awaitEnd(RunAddress run, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ProcessHandle.of(run.pid()).map(ProcessHandle::isAlive).orElse(false) && alive(run)
                || Files.exists(run.directory(), LinkOption.NOFOLLOW_LINKS)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS); // another process ends: nothing to be woken by
        }
        return true;
    }

    @Override
    public Tap tap(RunAddress run, String topic, int queueSize, QueuePolicy policy) {
        if (queueSize < 1) {
            throw new OperationException("a tap's queue size must be at least 1, not " + queueSize, true);
        }
        RunStatus.TopicStatus known = topic(run, topic);
        OpsConnection connection = OpsConnection.open(run, run.controlSocket());
        String answer;
        try {
            answer = connection.request(OpsProtocol.PREFIX + OpsProtocol.TAP + " " + known.name() + " " + queueSize
                    + " " + policy.yamlName());
        } catch (OperationException e) {
            connection.close();
            throw e;
        }
        if (!answer.startsWith(OpsProtocol.OK + " ")) {
            connection.close();
            throw new OperationException("cannot tap " + topic + ": " + answer, false);
        }
        return new TransportTap(run, known.name(), channel(known.name()), answer.substring(3),
                new InputOptions(queueSize, policy), connection);
    }

    @Override
    public String dataflowYaml(RunAddress run) {
        Optional<String> kept = RunRegistration.dataflowCopy(run.directory());
        if (kept.isPresent()) {
            return kept.get();
        }
        try {
            return Files.readString(run.dataflow());
        } catch (IOException e) {
            throw new OperationException("dataflow '" + run.name() + "': cannot read its dataflow file "
                    + run.dataflow() + ": " + e.getMessage(), false);
        }
    }

    @Override
    public void publish(RunAddress run, String topic, String json) {
        RunStatus.TopicStatus known = topic(run, topic);
        ChannelId channel = channel(known.name());
        if (!known.external()) {
            throw new OperationException("cannot publish on " + topic + ": it is written by node '"
                    + channel.nodeId() + "'" + declaredAt(run, channel.nodeId()) + "; only the outputs of a node with "
                    + "'class: " + ExternalInput.class.getName() + "' take values from outside"
                    + externalTopics(status(run)), true);
        }
        try (OpsConnection connection = OpsConnection.open(run,
                ExternalInput.socket(run.directory(), channel.nodeId()))) {
            String answer = connection.request(channel.outputId() + " " + json.replaceAll("[\\r\\n]+", " "));
            if (!answer.equals(OpsProtocol.OK)) {
                throw new OperationException("node=" + channel.nodeId() + " output=" + channel.outputId() + ": "
                        + answer.substring(Math.min(answer.length(), OpsProtocol.ERR.length() + 1)), true);
            }
        }
    }

    private static String externalTopics(RunStatus status) {
        List<String> external = status.topics().stream().filter(RunStatus.TopicStatus::external)
                .map(RunStatus.TopicStatus::name).toList();
        return external.isEmpty() ? " (this dataflow has none)" : " (here: " + String.join(", ", external) + ")";
    }

    /** {@code (flow.yml:12:5)}: where the node is declared, if the file still says so. */
    private static String declaredAt(RunAddress run, String nodeId) {
        try {
            return Dataflow.load(run.dataflow()).node(nodeId).map(n -> " (" + n.location() + ")").orElse("");
        } catch (DataflowException | RuntimeException e) {
            return "";
        }
    }

    /** The topic as the run knows it, or a user error with a "did you mean". */
    private RunStatus.TopicStatus topic(RunAddress run, String topic) {
        RunStatus status = status(run);
        return status.topic(topic).orElseThrow(() -> {
            List<String> names = status.topics().stream().map(RunStatus.TopicStatus::name).toList();
            String hint = Suggestions.didYouMean(topic, names);
            return new OperationException("dataflow '" + run.name() + "' has no output '" + topic + "'"
                    + (hint.isEmpty() ? " (its outputs: " + String.join(", ", names) + ")" : hint), true);
        });
    }

    /** The channel of a topic the run listed (so it names one). */
    private static ChannelId channel(String topic) {
        return OpsProtocol.channel(topic).orElseThrow();
    }

    @Override
    public Map<String, String> attach(RunAddress run, String nodeId) {
        DynamicJoin.Grant grant;
        try (OpsConnection connection = OpsConnection.open(run, run.controlSocket())) {
            grant = DynamicJoin.parse(connection.request(DynamicJoin.request(nodeId)));
        } catch (DynamicJoin.Refused e) {
            throw new OperationException(e.getMessage(), true);
        }
        NodeConfig config;
        try {
            config = NodeConfig.read(grant.config());
        } catch (IOException e) {
            throw new OperationException("dataflow '" + run.name() + "': cannot read the configuration of node '"
                    + nodeId + "': " + e.getMessage(), false);
        }
        Map<String, String> env = new LinkedHashMap<>(config.env());
        env.put(NodeConfig.ENV, grant.config().toString());
        env.put(NodeConfig.SECRET_ENV, grant.secret());
        String access = String.join(" ", ProcessLauncher.jvmAccessOptions());
        String given = System.getenv().getOrDefault(JDK_JAVA_OPTIONS, "");
        env.put(JDK_JAVA_OPTIONS, given.isBlank() ? access : given + " " + access);
        return env;
    }

    /** Options the {@code java} launcher adds to every JVM it starts (JDK 9+). */
    private static final String JDK_JAVA_OPTIONS = "JDK_JAVA_OPTIONS";

    /** The names of the live runs (for choosing a new one). */
    public List<String> names() {
        return runs().stream().map(RunAddress::name).toList();
    }
}

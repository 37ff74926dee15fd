package dev.jdora.cluster.internal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;

/** What the coordinator tells a daemon, in the answer to its long poll. JSON, tagged by {@code type}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = CoordinatorToDaemon.StartPart.class, name = "start"),
    @JsonSubTypes.Type(value = CoordinatorToDaemon.OpenBarrier.class, name = "open"),
    @JsonSubTypes.Type(value = CoordinatorToDaemon.StopPart.class, name = "stop"),
    @JsonSubTypes.Type(value = CoordinatorToDaemon.NodesLost.class, name = "lost"),
    @JsonSubTypes.Type(value = CoordinatorToDaemon.ReadLog.class, name = "read-log"),
    @JsonSubTypes.Type(value = CoordinatorToDaemon.SampleRun.class, name = "sample"),
    @JsonSubTypes.Type(value = CoordinatorToDaemon.OpenTap.class, name = "open-tap")})
public sealed interface CoordinatorToDaemon {

    /** The run this is about. */
    String runId();

    /**
     * Start this machine's part of a run.
     *
     * @param runNumber  unique among the coordinator's runs, numbered from a random start: the Aeron stream ids of the
     *                   run's edges derive from it ({@link MachinePlan})
     * @param dataflow   the dataflow file (absolute; the same path on every machine)
     * @param placement  the machine of every node
     * @param endpoints  the Aeron UDP endpoint ({@code host:port}) of every machine of the run
     * @param name       the run's name
     * @param sessionIds the Aeron session id of each edge between machines, by stream id: random, so that each
     *                   receiving end takes the data of its one intended sender only
     */
    record StartPart(String runId, int runNumber, String name, String dataflow, Map<String, String> placement,
                     Map<String, String> endpoints, long graceMillis, Map<Integer, Integer> sessionIds)
            implements CoordinatorToDaemon {
    }

    /** Every machine is ready: open the start barrier. */
    record OpenBarrier(String runId) implements CoordinatorToDaemon {
    }

    /** Stop the part, as Ctrl-C would, with this grace period. */
    record StopPart(String runId, long graceMillis) implements CoordinatorToDaemon {
    }

    /** These nodes are gone with their machine: readers here get {@code NodeFailed} with {@code error}. */
    record NodesLost(String runId, String machineId, List<String> nodeIds, String error)
            implements CoordinatorToDaemon {
    }

    /**
     * Send back (as {@link DaemonToCoordinator.LogChunk}) up to {@code maxBytes} of the log of node {@code nodeId} of
     * this machine's part, from byte {@code offset}.
     */
    record ReadLog(String runId, long requestId, String nodeId, long offset, int maxBytes)
            implements CoordinatorToDaemon {
    }

    /**
     * Send back (as {@link DaemonToCoordinator.PartSample}, see {@link DaemonRelay}) a snapshot of this machine's part:
     * statistics, states and CPU/memory of its nodes, and its topics.
     */
    record SampleRun(String runId, long requestId) implements CoordinatorToDaemon {
    }

    /**
     * Open a {@code drop_oldest} tap of {@code queueSize} on output {@code topic} of a node of this machine and push
     * what it reads to the coordinator (as {@link DaemonToCoordinator.TapPush}) until the coordinator says the tap is
     * closed.
     */
    record OpenTap(String runId, String tapId, String topic, int queueSize) implements CoordinatorToDaemon {
    }

    /** The coordinator's answer to a {@link DaemonToCoordinator.TapPush}: false once the tap's client is gone. */
    record TapAck(boolean open) {
    }

    /** One answer to a daemon's poll: the commands after the sequence number it gave, and the next one to ask. */
    record Batch(long next, List<CoordinatorToDaemon> commands) {
    }
}

package dev.jdora.cluster.internal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.jdora.runtime.ops.RunSnapshot;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What a daemon tells the coordinator. JSON, tagged by {@code type}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = DaemonToCoordinator.Register.class, name = "register"),
    @JsonSubTypes.Type(value = DaemonToCoordinator.Ready.class, name = "ready"),
    @JsonSubTypes.Type(value = DaemonToCoordinator.NodeEnded.class, name = "ended"),
    @JsonSubTypes.Type(value = DaemonToCoordinator.PartEnded.class, name = "part-ended"),
    @JsonSubTypes.Type(value = DaemonToCoordinator.PartFailed.class, name = "part-failed"),
    @JsonSubTypes.Type(value = DaemonToCoordinator.LogChunk.class, name = "log"),
    @JsonSubTypes.Type(value = DaemonToCoordinator.PartSample.class, name = "sample"),
    @JsonSubTypes.Type(value = DaemonToCoordinator.TapPush.class, name = "tap"),
    @JsonSubTypes.Type(value = DaemonToCoordinator.CommandFailed.class, name = "command-failed")})
public sealed interface DaemonToCoordinator {

    /** The daemon of {@code machineId} is up; other daemons send it data at {@code dataEndpoint} (Aeron UDP). */
    record Register(String machineId, String dataEndpoint) implements DaemonToCoordinator {
    }

    /** Every node of this machine's part reads its events. */
    record Ready(String runId) implements DaemonToCoordinator {
    }

    /** A node of this machine ended. */
    record NodeEnded(String runId, String nodeId, boolean failed, String error) implements DaemonToCoordinator {
    }

    /** Every node of this machine's part has ended and its resources are released. */
    record PartEnded(String runId) implements DaemonToCoordinator {
    }

    /** The part could not start (a node's class missing on this machine, …): every problem, one per line. */
    record PartFailed(String runId, String problems) implements DaemonToCoordinator {
    }

    /** The answer to a {@link CoordinatorToDaemon.ReadLog}: the bytes read (none at the end of the log, or if none). */
    record LogChunk(String runId, long requestId, byte[] bytes) implements DaemonToCoordinator {
    }

    /**
     * The answer to a {@link CoordinatorToDaemon.SampleRun}: this machine's part without its links to other machines
     * (a topic whose writer is on another machine has {@code sent} -1 here); null if it could not be sampled (its run
     * does not answer, or the part has just ended), so that its nodes show as not answering at once.
     */
    record PartSample(String runId, long requestId, @Nullable RunSnapshot snapshot) implements DaemonToCoordinator {
    }

    /**
     * What a tap opened by {@link CoordinatorToDaemon.OpenTap} read since the last push (none: it is open, or still
     * alive), how many it dropped in all, whether the output has ended, and why it could not open (empty if it could).
     */
    record TapPush(String runId, String tapId, List<UserToCoordinator.TapMessage> messages, long dropped,
                   boolean ended, String error) implements DaemonToCoordinator {
    }

    /**
     * A command could not be carried out; {@code requestId} is that of the request it answers (a {@link
     * CoordinatorToDaemon.ReadLog}), 0 if it answers none.
     */
    record CommandFailed(String runId, long requestId, String error) implements DaemonToCoordinator {
    }
}

package dev.jdora.core;

import dev.jdora.core.internal.NodeContexts;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A running node of a dataflow: its event stream (pull side) and its outputs.
 *
 * <pre>{@code
 * try (Node node = Node.fromEnv()) {
 *     for (Event event : node) {                       // ends after Stop
 *         if (event instanceof Event.Input in && in.id().equals("tick")) {
 *             node.sendString("greeting", "hello");
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p><b>Threads and blocking.</b> The event stream has one consumer: call {@link #next()}, {@link #next(Duration)}
 * and {@link #iterator()} from one thread at a time. {@code next()} blocks until an event arrives (and, at first,
 * until every node of the dataflow reads its events: the start barrier). Sending is thread-safe (see
 * {@link Outputs}).
 *
 * <p><b>Start barrier.</b> No node receives an event, and no timer ticks, until every node of the dataflow is
 * <em>reading</em>: it has called {@code next()} (or its Reactor {@code Flux} was subscribed with demand), sent its
 * first message, or closed its node. So a node may take its time between {@code fromEnv()} and its first
 * {@code next()} (loading a model, say) without missing the first messages of a {@code drop_oldest} input. A node
 * without inputs counts from {@code fromEnv()} on.
 *
 * <p><b>Ending the dataflow.</b> A dataflow ends when every node has ended. A node may end it for all with
 * {@link #stopAll()}; the dataflow YAML may end it when some nodes have finished ({@code exit_when_nodes_finish}).
 * A node whose inputs are all timers gets {@code InputClosed} for each of them, then
 * {@code Stop(ALL_INPUTS_CLOSED)}, once every node that reads its outputs has ended: its ticks have nobody left to
 * work for.
 *
 * <p><b>Ownership.</b> An {@link Event.Input} returned by {@code next()} is valid until the next call of {@code next}
 * or {@link #close()}, which release it (the next message of that input may be decoded into the same vector); use
 * {@link Event.Input#takeData()} to keep its data longer. Data taken must be closed before the node is closed.
 */
public interface Node extends Outputs, Iterable<Event>, AutoCloseable {

    /**
     * The node the jdora runtime started this code as: in a node thread of {@code jdora run}, or in a node process.
     *
     * @throws IllegalStateException if this code was not started by jdora, or if the node was already taken
     */
    static Node fromEnv() {
        return NodeContexts.takeCurrent();
    }

    /** The node id from YAML. */
    String id();

    /** The node's {@code args:} from YAML (a {@code main} node also gets them as its arguments). */
    List<String> args();

    /**
     * The node's {@code env:} from YAML. Nodes running as threads share one process environment, so read the node's
     * settings here rather than with {@code System.getenv}.
     */
    Map<String, String> env();

    /** The input ids from YAML. */
    Set<String> inputIds();

    /**
     * The next event, waiting as long as needed; empty once the stream has ended (after {@link Event.Stop} or
     * {@link Event.Error}). Releases the previously returned {@code Input}.
     */
    Optional<Event> next();

    /**
     * The next event, waiting at most {@code timeout}; empty on timeout or once the stream has ended (tell them apart
     * with {@link #isEndOfStream()}). Releases the previously returned {@code Input}.
     */
    Optional<Event> next(Duration timeout);

    /** True once the last event ({@code Stop} or {@code Error}) has been returned. */
    boolean isEndOfStream();

    /** Iterates events until the stream ends; same ownership rules as {@link #next()}. */
    @Override
    Iterator<Event> iterator();

    /** How many messages {@code drop_oldest} has dropped on this input so far. */
    long droppedCount(String inputId);

    /**
     * The allocator for vectors this node builds. The runtime closes it after the node has ended and reports what
     * was not released as a leak.
     */
    BufferAllocator allocator();

    /** This node's clock, which stamps what it sends. */
    HybridLogicalClock clock();

    /**
     * Stops the whole dataflow: every node, this one included, gets {@code Stop(MANUAL)} (then, for a node that does
     * not end, the grace ladder), as on Ctrl-C or an operator's {@code STOP_ALL}. Returns at once; keep reading to get
     * the {@code Stop}, or return. Calling it again changes nothing. Any thread.
     *
     * <pre>{@code
     * for (Event event : node) {
     *     if (event instanceof Event.Input in && ++received == 20) {
     *         node.stopAll();                                  // the loop ends after Stop(MANUAL)
     *     }
     * }
     * }</pre>
     */
    void stopAll();

    /**
     * Closes the event stream: releases the last {@code Input} and unsubscribes from the inputs. Idempotent. The
     * outputs stay usable; they end when the node's code returns, and the runtime ends them then — normally
     * (downstream sees {@code InputClosed}) or, if the node threw, as a failure (downstream sees {@code NodeFailed}
     * first).
     */
    @Override
    void close();
}

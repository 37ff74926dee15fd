package dev.jdora.core;

import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.ValueVector;
import org.jspecify.annotations.Nullable;

/**
 * Everything a node learns arrives as an {@code Event} on its event stream (DESIGN.md section 2).
 *
 * <p>This is a closed set today, but new kinds may be added: always keep a default branch.
 * <pre>{@code
 * switch (event) {                       // Java 21 pattern switch; on 17 use instanceof
 *     case Event.Input in -> handle(in);
 *     case Event.Stop s -> { return; }
 *     default -> { }                     // InputClosed, NodeFailed, Reload, Error, NodeRestarted, InputRecovered,
 * }                                      // and kinds added later
 * }</pre>
 *
 * <p><b>When an upstream node ends or is restarted</b> (its {@code restart_policy}, see the README), for each of this
 * node's inputs {@code x} fed by it:
 * <ul>
 *   <li>it failed and is not restarted (policy {@code never}, or its restarts are used up): {@link NodeFailed} (once
 *       per failed node), then {@link InputClosed InputClosed(x)} after the last {@code Input(x)} it sent;</li>
 *   <li>it ended cleanly and is not restarted: {@code InputClosed(x)} after its last {@code Input(x)};</li>
 *   <li>it is restarted within its policy: no {@code NodeFailed} and no {@code InputClosed}: the queue stays open, the
 *       messages it sent before it died are still delivered, and {@link NodeRestarted} comes once per restart, when
 *       the runtime restarts it (data the new process sends normally follows it; sequence numbers go on);</li>
 *   <li>an input closed by {@code input_timeout} that receives data again gets {@link InputRecovered InputRecovered(x)}
 *       right before that data's {@code Input(x)}; an input closed because its source ended stays closed.</li>
 * </ul>
 * So per input the order is: {@code Input… [NodeRestarted] Input…}, or {@code Input… [NodeFailed] InputClosed}, or
 * (timeouts) {@code Input… InputClosed InputRecovered Input…}.
 *
 * <p>Events are immutable and may be read from any thread. Only {@link Input} holds a resource (its Arrow data).
 */
public sealed interface Event permits Event.Input, Event.InputClosed, Event.NodeFailed, Event.Stop, Event.Reload,
        Event.Error, Event.NodeRestarted, Event.InputRecovered {

    /**
     * New data on one of the node's inputs.
     *
     * <p><b>Ownership.</b> {@code data} is lent to the consumer: it is valid until the consumer has handled the event
     * — for {@code Node.next()} until the next call of {@code next()} or {@code close()}; for {@code events()} until
     * {@code onNext} returns — and jdora then releases it. Receiving allocates nothing per message because jdora may
     * decode the next message of the same input into the <em>same vector</em>: never keep {@code data()} (or this
     * event, to read its data) past that point. To keep the data longer, call {@link #takeData()}: it moves the
     * buffers into a new vector that the caller owns and must close, and that jdora never touches again. Closing the
     * {@code Input} releases the data at once (idempotent; the next message then costs a new allocation); close an
     * {@code Input} only while it is the current event: closing one after the next event was delivered may release
     * that later event's data. {@code metadata} is immutable and may be kept.
     *
     * @param id       the input id, as written under {@code inputs:} in YAML
     * @param data     the Arrow array sent by the producer (read-only, lent)
     * @param metadata the producer's timestamp and parameters
     */
    record Input(String id, ValueVector data, Metadata metadata) implements Event, AutoCloseable {

        /**
         * Hands the data over to the caller, who must close it: its buffers move to a new vector, so later messages
         * (which jdora may decode into the vector {@link #data()} returns) never change it. After this call
         * {@code data()} is empty and closing this event no longer touches what was taken.
         *
         * <p>The buffers may be shared, without a copy, with the other inputs that received the same message (and,
         * across processes, be shared memory): treat the vector as read-only, and copy it before changing it.
         */
        public ValueVector takeData() {
            var pair = data.getTransferPair(data.getAllocator());
            pair.transfer();
            return pair.getTo();
        }

        /** Releases the data. Idempotent. */
        @Override
        public void close() {
            data.close();
        }
    }

    /**
     * The input's source will send nothing more: it finished, closed its output, died, or timed out
     * ({@code input_timeout}). Comes after the last {@link Input} of that input.
     *
     * @param id the input id
     */
    record InputClosed(String id) implements Event {
    }

    /**
     * An upstream node exited with a failure. Sent once per failed node, before the {@link InputClosed} events of the
     * inputs it fed.
     *
     * @param sourceNodeId     the node that failed
     * @param affectedInputIds this node's inputs that read from it
     * @param error            what the runtime knows about the failure (exit code, exception, last log line)
     */
    record NodeFailed(String sourceNodeId, List<String> affectedInputIds, String error) implements Event {
        public NodeFailed {
            affectedInputIds = List.copyOf(affectedInputIds);
        }
    }

    /**
     * The node must finish. Always the last event: the {@code Flux} completes after it and the pull API returns
     * end-of-stream.
     *
     * @param cause why
     */
    record Stop(StopCause cause) implements Event {
    }

    /**
     * Reload configuration or code, if the node supports it; otherwise ignore it.
     *
     * @param operatorId the operator to reload, empty for the node itself
     */
    record Reload(Optional<String> operatorId) implements Event {
    }

    /**
     * The event stream itself failed; the stream ends after it.
     *
     * @param message what went wrong
     * @param cause   the underlying exception, if any
     */
    record Error(String message, Optional<Throwable> cause) implements Event {
        public static Error of(String message, @Nullable Throwable cause) {
            return new Error(message, Optional.ofNullable(cause));
        }
    }

    /**
     * An upstream node was restarted by its {@code restart_policy}: it died (or ended) and a new process of it was
     * started. Its outputs go on where they were: no message it committed is lost, and nothing was closed. Comes once
     * per restart, to every node that reads one of its outputs.
     *
     * @param nodeId the node that was restarted
     */
    record NodeRestarted(String nodeId) implements Event {
    }

    /**
     * An input that {@code input_timeout} closed receives data again: comes right before that data's {@link Input}.
     *
     * @param id the input id
     */
    record InputRecovered(String id) implements Event {
    }
}

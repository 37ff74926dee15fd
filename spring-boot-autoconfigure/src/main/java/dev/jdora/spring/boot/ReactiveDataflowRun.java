package dev.jdora.spring.boot;

import dev.jdora.core.Event;
import dev.jdora.runtime.DataflowRun;
import dev.jdora.reactor.Output;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The dataflow that runs with the application context ({@code jdora.dataflow}), as a {@link DataflowRun} (stop, wait,
 * see which nodes ended) that the application also reads from and sends into as {@code Flux}es.
 *
 * <p><b>The application is a node.</b> So that every queue keeps its single writer, the application does not write
 * into other nodes' channels: it is itself one node of the YAML, written {@code bean: application}. Its
 * {@code inputs:} are what {@link #receive} streams, its {@code outputs:} what {@link #send} writes, with the queue
 * rules of any node.
 *
 * <pre>{@code
 *   - id: web
 *     bean: application
 *     inputs:
 *       detection: detector/detection
 *     outputs:
 *       - command
 *
 * @GetMapping(value = "/detections", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
 * Flux<Map<String, Object>> detections() {
 *     return run.receive("detection", in -> Data.structRow(in.data(), 0));
 * }
 * }</pre>
 *
 * <p>Thread-safe. Available as a bean as soon as the context is created; the run itself starts with the context
 * (before that, the {@link DataflowRun} methods throw {@link IllegalStateException}).
 */
public interface ReactiveDataflowRun extends DataflowRun {

    /** The reserved {@code bean:} name of the application's own node. */
    String APPLICATION = "application";

    /**
     * What the application's node receives on its input {@code inputId} from now on, each message decoded by
     * {@code decode}.
     *
     * <p><b>Hot and multicast, paced by the slowest subscriber.</b> A subscriber sees the messages the node reads from
     * the time it subscribed on (not those before). The node reads its next message only once every current subscriber
     * (of any input) has requested one, so a slow subscriber slows the node, and the node's inputs follow their queue
     * rules: a {@code backpressure} input makes its source wait and loses nothing, a {@code drop_oldest} input drops
     * its oldest messages and counts them. With no subscriber at all the node reads at the pace messages come, and
     * they reach nobody. Once the dataflow is stopping ({@link #stop()}, or the context closing) the node reads what
     * its inputs still hold without waiting, and each subscriber gets it buffered, so {@code Stop} is reached within the
     * grace period. <b>Ownership.</b> {@code decode} runs on the node's event thread while the message's data is lent:
     * return plain values (a string, a row, a copy), never the vector; an exception or {@code null} from it ends that
     * subscriber's {@code Flux} with an error. <b>End.</b> Completes after the node's {@code Stop}; an error for an
     * input the node does not declare, or when the dataflow has no {@code bean: application} node.
     */
    <T> Flux<T> receive(String inputId, Function<Event.Input, T> decode);

    /**
     * Sends every {@link Output} of {@code outputs} on the application node's outputs, in order, after whatever was
     * sent before (sends are queued, so concurrent callers never write one channel at once). Ownership as
     * {@code ReactorNode.sendAll}: each output's data is handed over and closed once sent. Nothing happens until the
     * returned {@code Mono} is subscribed; it completes once everything has been sent. Sending ends at the node's
     * {@code Stop}: an endless {@code outputs} (say {@code Flux.interval}) is cancelled there, and the {@code Mono}
     * then fails, as it does when the dataflow has stopped or has no {@code bean: application} node.
     */
    Mono<Void> send(Publisher<Output> outputs);
}

package dev.jdora.bench;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import java.nio.file.Path;

/**
 * The receiving node of the jdora benchmark dataflow: takes {@code nanoTime()} as soon as {@code next()} hands it an
 * {@link Event.Input}, records it against the sender's stamp (parameter {@code t}), and when its input closes writes
 * the {@link Result} to {@code BENCH_RESULT}. With {@code BENCH_WARM_FILE} set it writes that file once the warm-up
 * messages have arrived. The payload is not copied out (a real reader would read it in place).
 */
public final class JdoraReceiver implements NodeMain {

    @Override
    public void run(Node node) {
        RunSpec spec = RunSpec.fromEnv(node.env());
        LatencyRecorder recorder = new LatencyRecorder(spec);
        String warm = node.env().get("BENCH_WARM_FILE");
        for (Event event : node) {
            if (event instanceof Event.Input in) {
                long received = System.nanoTime();
                Object sent = in.metadata().parameters().get("t");
                recorder.record((Long) sent, received);
                if (warm != null && recorder.seen() == spec.warmup()) {
                    new Result(0, 0, 0, 0, 0, 0).write(Path.of(warm)); // tells the bench the warm-up is over
                }
            }
        }
        Result result = recorder.result();
        if (!recorder.done()) {
            // Only a drop_oldest input may lose messages; backpressure must deliver every one.
            if (!"drop_oldest".equals(node.env().get("BENCH_POLICY"))) {
                throw new IllegalStateException("received " + recorder.seen() + " of " + spec.total() + " messages");
            }
            long lost = spec.total() - recorder.seen();
            long counted = node.droppedCount("data");
            if (counted != lost) {
                System.err.println("drop count " + counted + " != messages not received " + lost);
            }
            result = result.withDropped(lost);
        }
        result.write(Path.of(node.env().get("BENCH_RESULT")));
    }
}

package dev.jdora.cli;

import dev.jdora.core.dataflow.InputSpec;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.internal.Plural;
import dev.jdora.core.internal.Suggestions;
import dev.jdora.recording.RecordingException;
import dev.jdora.recording.RecordingPlans;
import dev.jdora.recording.internal.RecordingWriter;
import dev.jdora.runtime.ops.DataflowOperations;
import dev.jdora.runtime.ops.OperationException;
import dev.jdora.runtime.ops.RunAddress;
import dev.jdora.runtime.ops.RunStatus;
import dev.jdora.runtime.ops.Tap;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * {@code jdora record --attach}: records outputs of a running dataflow through taps ({@link DataflowOperations#tap}),
 * into the same layout as {@code jdora record} (the same {@link RecordingWriter}). Lossless by default: each tap is a
 * {@code backpressure} reader that the output's writer waits for, so a slow disk slows the dataflow (and the writer
 * says so); the run releases a tap as soon as its connection ends, so a recorder that dies — even by SIGKILL — never
 * holds the dataflow. {@code --lossy} taps with {@code drop_oldest} and counts every drop. Messages sent before a
 * tap's place on its output was taken are not recorded; from then on nothing is missed (lossless).
 *
 * <p>Ends on Ctrl-C or SIGTERM (after writing what was queued for it), after {@code --duration}, or when every
 * recorded output has ended (the run ended); the dataflow keeps running in the first two cases.
 *
 * <p><b>Threads.</b> {@link #record} runs on the caller's thread, which polls every tap in turn (1 ms apart while none
 * has a message); {@link #stop()} from any thread (the signal handler).
 */
final class AttachedRecording {

    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long DROP_REPORT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final DataflowOperations ops;
    private final PrintWriter err;
    private final boolean lossy;
    private final long throttleMillis;
    private volatile boolean stopping;

    AttachedRecording(DataflowOperations ops, PrintWriter err, boolean lossy, long throttleMillis) {
        this.ops = ops;
        this.err = err;
        this.lossy = lossy;
        this.throttleMillis = throttleMillis;
    }

    /** Asks {@link #record} to finish: it writes what its taps hold and completes the files. Any thread. */
    void stop() {
        stopping = true;
    }

    /**
     * Records {@code outputs} (every output of the run if empty) of the run named {@code target} into {@code dir}
     * (a new one under {@code recordings/} if null).
     *
     * @return the exit status: 0, {@value Main#USER_ERROR} for an unknown run or output, 1 if recording failed
     */
    int record(String target, List<String> outputs, Optional<Path> dir, Optional<Duration> duration)
            throws InterruptedException {
        RunAddress run;
        List<String> chosen;
        try {
            run = ops.resolve(target);
            chosen = chosen(run, ops.status(run), outputs);
        } catch (OperationException e) {
            return RunTargets.report(e, err);
        }
        Path recording = dir.orElseGet(() -> RecordCommand.defaultDirectory(run.name()));
        try {
            RecordCommand.begin(recording, run.dataflow(), ops.dataflowYaml(run), chosen, lossy);
        } catch (OperationException e) {
            return RunTargets.report(e, err);
        } catch (RecordingException e) {
            err.println("error: " + e.getMessage());
            return Main.USER_ERROR;
        }
        int exit;
        try (BufferAllocator allocator = new RootAllocator()) {
            exit = record(run, chosen, recording, allocator, duration);
        }
        RecordCommand.summary(recording, err);
        return exit;
    }

    /** The outputs to record, or a user error naming every unknown one with a "did you mean". */
    private static List<String> chosen(RunAddress run, RunStatus status, List<String> outputs) {
        List<String> topics = status.topics().stream().map(RunStatus.TopicStatus::name).toList();
        if (outputs.isEmpty()) {
            if (topics.isEmpty()) {
                throw new OperationException("dataflow '" + run.name() + "' has no output to record", true);
            }
            return topics;
        }
        List<String> problems = new ArrayList<>();
        for (String output : outputs.stream().distinct().toList()) {
            if (!topics.contains(output)) {
                String hint = Suggestions.didYouMean(output, topics);
                problems.add("dataflow '" + run.name() + "' has no output '" + output + "'"
                        + (hint.isEmpty() ? " (its outputs: " + String.join(", ", topics) + ")" : hint));
            }
        }
        if (!problems.isEmpty()) {
            throw new OperationException(String.join("\nerror: ", problems), true);
        }
        return outputs.stream().distinct().toList();
    }

    private int record(RunAddress run, List<String> outputs, Path recording, BufferAllocator allocator,
                       Optional<Duration> duration) throws InterruptedException {
        Map<String, String> byOutput = new LinkedHashMap<>();
        outputs.forEach(o -> byOutput.put(o, o));
        RecordingWriter writer = new RecordingWriter(recording, byOutput, allocator, lossy, throttleMillis, line -> {
            err.println("jdora: " + line);
            err.flush();
        });
        List<Tap> taps = new ArrayList<>();
        try {
            QueuePolicy policy = lossy ? QueuePolicy.DROP_OLDEST : QueuePolicy.BACKPRESSURE;
            int queueSize = lossy ? InputSpec.DEFAULT_QUEUE_SIZE : RecordingPlans.RECORDER_QUEUE_SIZE;
            for (String output : outputs) {
                taps.add(ops.tap(run, output, queueSize, policy));
            }
            err.println("jdora: recording " + Plural.count(outputs.size(), "output") + " of dataflow '" + run.name()
                    + "' to " + recording + (lossy ? " (lossy: drop_oldest, every drop counted)"
                    : " (lossless: its outputs wait for the recorder)")
                    + duration.map(d -> " for " + d.toMillis() + " ms").orElse(" until Ctrl-C or its end")
                    + "; what was sent before now is not recorded");
            err.flush();
            read(taps, writer, duration, queueSize);
            if (taps.stream().allMatch(Tap::ended)) {
                err.println("jdora: " + (runEnding(run) ? "dataflow '" + run.name() + "' has ended"
                        : "the recorded outputs have ended"));
            }
            return 0;
        } catch (OperationException e) {
            return RunTargets.report(e, err);
        } catch (IOException | UncheckedIOException e) {
            err.println("error: the recording cannot be written: "
                    + (e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage()));
            return RunTargets.FAILED;
        } finally {
            Map<String, Tap> byTopic = new LinkedHashMap<>();
            taps.forEach(t -> byTopic.put(t.topic(), t));
            try {
                writer.finish(o -> byTopic.containsKey(o) ? byTopic.get(o).dropped() : 0);
            } finally {
                taps.forEach(Tap::close);
            }
        }
    }

    /** True if the run has ended or is stopping (its outputs end before its registration is gone). */
    private boolean runEnding(RunAddress run) {
        try {
            return !Files.exists(run.directory()) || ops.status(run).state().equals("stopping");
        } catch (OperationException e) {
            return true; // it answers no more
        }
    }

    /** Reads every tap in turn until stopped, the duration is over or every output has ended; then drains. */
    private void read(List<Tap> taps, RecordingWriter writer, Optional<Duration> duration, int queueSize)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + duration.orElse(Duration.ofDays(365 * 100L)).toNanos();
        long droppedSaid = 0;
        long droppedSaidAt = System.nanoTime();
        while (!stopping && System.nanoTime() - deadline < 0 && !taps.stream().allMatch(Tap::ended)) {
            boolean received = false;
            for (Tap tap : taps) {
                received |= !tap.ended() && receive(tap, writer);
            }
            if (!received) {
                writer.tick();
                LockSupport.parkNanos(IDLE_NANOS);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            long dropped = taps.stream().mapToLong(Tap::dropped).sum();
            if (dropped > droppedSaid && System.nanoTime() - droppedSaidAt >= DROP_REPORT_NANOS) {
                err.println("jdora: dropped " + dropped + " messages so far (--lossy: the recorder was behind)");
                err.flush();
                droppedSaid = dropped;
                droppedSaidAt = System.nanoTime();
            }
        }
        for (Tap tap : taps) {
            for (int i = 0; i < queueSize && !tap.ended() && receive(tap, writer); i++) {
                // what was queued for the recorder when it was asked to stop
            }
        }
    }

    private static boolean receive(Tap tap, RecordingWriter writer) throws InterruptedException {
        return tap.next(Duration.ZERO, (data, metadata) -> {
            try {
                writer.append(tap.topic(), data, metadata);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}

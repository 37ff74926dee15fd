package dev.jdora.bench;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.FrameDescriptor;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * The Aeron IPC peer: a publisher process and a subscriber process on one embedded media driver (started in the
 * bench's own JVM, {@link ThreadingMode#SHARED}: one driver thread, as fits a 2-core machine).
 *
 * <p>Wire format: {@code [8-byte nanoTime stamp][payload]} offered on an {@link ExclusivePublication}
 * ({@code aeron:ipc}, default 64 MiB terms, MTU {@value #MTU}); the subscriber reassembles fragments with a
 * {@link FragmentAssembler}. Aeron's largest message is {@code min(termLength / 8, 16 MiB)} = 8 MiB here, so a
 * larger payload is sent as several messages of at most that size, each starting with the same stamp; latency is
 * taken when the last one arrives.
 */
public final class AeronIpc {

    /** The largest IPC MTU (fewer fragments to reassemble for large payloads than the 1408 B default). */
    static final int MTU = 65504;
    private static final String CHANNEL = "aeron:ipc?mtu=" + MTU;
    private static final int STREAM_ID = 1001;
    private static final Duration LIMIT = Duration.ofMinutes(3);

    private AeronIpc() {
    }

    /** Starts the embedded media driver for the whole bench; close it at the end. */
    static MediaDriver launchDriver() {
        MediaDriver.Context context = new MediaDriver.Context()
                .aeronDirectoryName("/dev/shm/jdora-bench-aeron-" + ProcessHandle.current().pid())
                .threadingMode(ThreadingMode.SHARED)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .spiesSimulateConnection(false);
        return MediaDriver.launchEmbedded(context);
    }

    /** Measures one run: the subscriber and the publisher each in a process of its own. */
    static Result measure(MediaDriver driver, RunSpec spec, String idle, Path work) throws Exception {
        Files.createDirectories(work);
        Path result = work.resolve("aeron-result.txt");
        Files.deleteIfExists(result);
        String dir = driver.aeronDirectoryName();
        List<String> sub = new ArrayList<>(List.of("sub", dir, result.toString(), idle));
        sub.addAll(spec.toArgs());
        List<String> pub = new ArrayList<>(List.of("pub", dir, result.toString(), idle));
        pub.addAll(spec.toArgs());
        try (ChildJvm s = ChildJvm.start("aeron subscriber", AeronIpc.class, sub, work.resolve("aeron-sub.log"));
             ChildJvm p = ChildJvm.start("aeron publisher", AeronIpc.class, pub, work.resolve("aeron-pub.log"))) {
            s.awaitSuccess(LIMIT);
            p.awaitSuccess(LIMIT);
        }
        return Result.read(result);
    }

    static IdleStrategy idleStrategy(String name) {
        return switch (name) {
            case "spin" -> new BusySpinIdleStrategy();
            case "yield" -> new YieldingIdleStrategy();
            case "backoff" -> new BackoffIdleStrategy();
            default -> throw new IllegalArgumentException("unknown idle strategy " + name + " (spin, yield, backoff)");
        };
    }

    /**
     * A peer process: {@code pub|sub aeronDir resultFile idleStrategy size intervalNanos warmup count}.
     *
     * @param args see above
     */
    public static void main(String[] args) throws Exception {
        String role = args[0];
        String dir = args[1];
        Path result = Path.of(args[2]);
        IdleStrategy idle = idleStrategy(args[3]);
        RunSpec spec = RunSpec.fromArgs(args, 4);
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir))) {
            if (role.equals("pub")) {
                publish(aeron, CHANNEL, spec, result);
            } else {
                subscribe(aeron, CHANNEL, spec, result, idle);
            }
        }
    }

    /** How many Aeron messages carry one payload of {@code size} bytes (plus its 8-byte stamp). */
    static int chunks(int size, int maxMessageLength) {
        int part = maxMessageLength - Long.BYTES;
        return size == 0 ? 1 : (size + part - 1) / part;
    }

    /**
     * Offers {@code spec}'s messages on {@code channel} once a subscriber is connected, then waits (at most 120 s) for
     * the subscriber's {@code result} file. Blocks the calling thread throughout.
     */
    static void publish(Aeron aeron, String channel, RunSpec spec, Path result) throws InterruptedException {
        try (ExclusivePublication publication = aeron.addExclusivePublication(channel, STREAM_ID)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!publication.isConnected()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no subscriber connected");
                }
                Thread.sleep(1);
            }
            int part = publication.maxMessageLength() - Long.BYTES;
            int chunks = chunks(spec.size(), publication.maxMessageLength());
            UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(Long.BYTES + Math.min(spec.size(), part)));
            for (int i = Long.BYTES; i < buffer.capacity(); i++) {
                buffer.putByte(i, (byte) i);
            }
            IdleStrategy idle = new YieldingIdleStrategy();
            Pacer pacer = Pacer.of(spec);
            for (long m = 0; m < spec.total(); m++) {
                pacer.await();
                long stamp = System.nanoTime();
                buffer.putLong(0, stamp);
                int left = spec.size();
                for (int c = 0; c < chunks; c++) {
                    int length = Long.BYTES + Math.min(left, part);
                    left -= length - Long.BYTES;
                    long position;
                    while ((position = publication.offer(buffer, 0, length)) < 0) {
                        if (position == Publication.CLOSED || position == Publication.NOT_CONNECTED
                                || position == Publication.MAX_POSITION_EXCEEDED) {
                            throw new IllegalStateException("offer failed: " + Publication.errorString(position));
                        }
                        idle.idle();
                    }
                    idle.reset();
                }
            }
            // Stay until the subscriber has read everything and written its result.
            ChildJvm.awaitFile(result, Duration.ofSeconds(120));
        }
    }

    /** Receives {@code spec}'s messages on {@code channel}, then writes the {@code result}. Blocks throughout. */
    static void subscribe(Aeron aeron, String channel, RunSpec spec, Path result, IdleStrategy idle) {
        try (Subscription subscription = aeron.addSubscription(channel, STREAM_ID)) {
            LatencyRecorder recorder = new LatencyRecorder(spec);
            int[] chunks = {0};
            int[] chunk = {0};
            FragmentHandler handler = new FragmentAssembler((buffer, offset, length, header) -> {
                long received = System.nanoTime();
                if (++chunk[0] == chunks[0]) {
                    chunk[0] = 0;
                    recorder.record(buffer.getLong(offset), received);
                }
            });
            while (subscription.imageCount() == 0) {
                idle.idle();
            }
            chunks[0] = chunks(spec.size(),
                    FrameDescriptor.computeMaxMessageLength(subscription.imageAtIndex(0).termBufferLength()));
            while (!recorder.done()) {
                idle.idle(subscription.poll(handler, 16));
            }
            recorder.result().write(result);
        }
    }
}

package dev.jdora.bench;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The raw Aeron UDP peer of the {@code --cluster} part: a publisher process on one host and a subscriber process on
 * another, each with an embedded media driver of its own ({@link ThreadingMode#SHARED}, Aeron's default idle strategy)
 * as a jdora daemon has, unicast to {@code aeron:udp?endpoint=SUBSCRIBER:}{@value #PORT}, the publication with
 * {@value #TERM_LENGTH} terms like jdora's edges between machines (so at most 512 KiB per Aeron message: a 1 MiB
 * payload goes as three, each starting with the send stamp; latency is taken when the last arrives), the default MTU
 * (1408 B), the message {@code [8-byte nanoTime stamp][payload]} as {@link AeronIpc} sends it.
 */
public final class AeronUdp {

    /** The term length of jdora's edges between machines (the cluster module's {@code Frames.TERM_LENGTH}). */
    static final String TERM_LENGTH = "4m";
    /** The subscriber's UDP port (the namespaces are the bench's own, nothing else listens there). */
    static final int PORT = 40_457;
    private static final Duration LIMIT = Duration.ofMinutes(3);

    private AeronUdp() {
    }

    /** Measures one run: the subscriber on {@code sub}, the publisher on {@code pub}. */
    static Result measure(RunSpec spec, String idle, Path work, Host sub, Host pub) throws Exception {
        Files.createDirectories(work);
        Path result = work.resolve("aeron-udp-result.txt");
        Files.deleteIfExists(result);
        String endpoint = sub.address() + ":" + PORT;
        List<String> subArgs = new ArrayList<>(List.of("sub", endpoint, result.toString(), idle));
        subArgs.addAll(spec.toArgs());
        List<String> pubArgs = new ArrayList<>(List.of("pub", endpoint, result.toString(), idle));
        pubArgs.addAll(spec.toArgs());
        try (ChildJvm s = ChildJvm.start("aeron-udp subscriber", sub, List.of(), Map.of(), AeronUdp.class.getName(),
                subArgs, work.resolve("aeron-udp-sub.log"));
             ChildJvm p = ChildJvm.start("aeron-udp publisher", pub, List.of(), Map.of(), AeronUdp.class.getName(),
                     pubArgs, work.resolve("aeron-udp-pub.log"))) {
            s.awaitSuccess(LIMIT);
            p.awaitSuccess(LIMIT);
        }
        return Result.read(result);
    }

    /**
     * A peer process: {@code pub|sub subscriberHost:port resultFile idleStrategy size intervalNanos warmup count
     * warmupIntervalNanos}; starts its own media driver, removed when it ends.
     *
     * @param args see above
     */
    public static void main(String[] args) throws Exception {
        String role = args[0];
        String channel = "aeron:udp?endpoint=" + args[1];
        Path result = Path.of(args[2]);
        RunSpec spec = RunSpec.fromArgs(args, 4);
        MediaDriver.Context context = new MediaDriver.Context()
                .aeronDirectoryName("/dev/shm/jdora-bench-aeron-udp-" + ProcessHandle.current().pid())
                .threadingMode(ThreadingMode.SHARED)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true);
        try (MediaDriver driver = MediaDriver.launchEmbedded(context);
             Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()))) {
            if (role.equals("pub")) {
                AeronIpc.publish(aeron, channel + "|term-length=" + TERM_LENGTH, spec, result);
            } else {
                AeronIpc.subscribe(aeron, channel, spec, result, AeronIpc.idleStrategy(args[3]));
            }
        }
    }
}

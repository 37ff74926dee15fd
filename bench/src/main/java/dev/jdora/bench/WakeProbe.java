package dev.jdora.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The floor under a parked jdora node's wake-up on this machine: one JVM sends its {@code nanoTime()} every 1 ms over
 * a Unix-domain socket to another JVM whose thread waits in {@code Selector.select()} (as a node's consumer waits in its
 * consumer bell), which records {@code nanoTime()} − stamp on waking. No queue, no Arrow, no event stream: only the
 * wake-up of a thread asleep in the kernel in another process. Prints p50/p90/p99 in µs.
 *
 * <pre>{@code java -cp bench/target/jdora-bench.jar dev.jdora.bench.WakeProbe [messages]   # default 3000}</pre>
 */
public final class WakeProbe {

    private static final long INTERVAL_NANOS = 1_000_000;
    private static final int WARMUP = 500;

    private WakeProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--receive")) {
            receive(Path.of(args[1]), Integer.parseInt(args[2]));
            return;
        }
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        Path dir = Files.createTempDirectory("jdora-wake-probe");
        Path socket = dir.resolve("probe");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), WakeProbe.class.getName(), "--receive",
                socket.toString(), Integer.toString(messages + WARMUP)));
        Process receiver = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(receiver.getInputStream(),
                StandardCharsets.UTF_8))) {
            if (!"ready".equals(out.readLine())) {
                throw new IllegalStateException("the receiver did not start");
            }
            try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                ByteBuffer stamp = ByteBuffer.allocateDirect(Long.BYTES);
                long next = System.nanoTime();
                for (int i = 0; i < messages + WARMUP; i++) {
                    next += INTERVAL_NANOS;
                    while (System.nanoTime() < next) {
                        LockSupport.parkNanos(next - System.nanoTime());
                    }
                    stamp.clear();
                    stamp.putLong(0, System.nanoTime());
                    channel.write(stamp);
                }
            }
            System.out.println(out.readLine());
        } finally {
            receiver.waitFor();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    private static void receive(Path socket, int messages) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                Selector selector = Selector.open()) {
            server.bind(UnixDomainSocketAddress.of(socket));
            System.out.println("ready");
            System.out.flush();
            try (SocketChannel channel = server.accept()) {
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ);
                ByteBuffer stamp = ByteBuffer.allocateDirect(Long.BYTES);
                long[] latencies = new long[messages];
                int received = 0;
                while (received < messages) {
                    selector.select();
                    long now = System.nanoTime();
                    selector.selectedKeys().clear();
                    while (channel.read(stamp) > 0) {
                        if (!stamp.hasRemaining()) {
                            latencies[received++] = now - stamp.getLong(0);
                            stamp.clear();
                        }
                    }
                }
                long[] measured = Arrays.copyOfRange(latencies, WARMUP, messages);
                Arrays.sort(measured);
                System.out.println(String.format(Locale.ROOT, "socket wake-up, paced every 1 ms: p50 %.1f µs, p90 "
                        + "%.1f µs, p99 %.1f µs (%d messages)", at(measured, 0.5), at(measured, 0.9),
                        at(measured, 0.99), measured.length));
            }
        }
    }

    private static double at(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * (sorted.length - 1)))] / 1000.0;
    }
}

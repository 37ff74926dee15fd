package dev.jdora.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.agrona.concurrent.IdleStrategy;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The JeroMQ peer: a PUSH process → a PULL process over TCP loopback ({@code 127.0.0.1} only, a port the PULL side
 * binds at random and hands over in a file), or, for the {@code --cluster} part, over a veth link between two network
 * namespaces (the PULL side binds its namespace's address).
 *
 * <p>Wire format: a two-frame message {@code [8-byte nanoTime stamp][payload]}: the stamp is a fresh 8-byte frame per
 * message, the payload frame is one {@code byte[]} built once and never changed (JeroMQ keeps a reference to a frame
 * until its I/O thread has written it, so only an immutable array may be shared between sends). The PULL side polls
 * with {@code recv(DONTWAIT)} and the same Agrona idle strategy as the Aeron subscriber ({@code --aeron-idle}), then
 * reads the payload frame; it does not copy the payload further. Default high-water marks (1000 messages): a
 * back-to-back sender blocks, nothing is lost.
 */
public final class JeroMqPeer {

    /** The JeroMQ version of the root pom (its jar has no Implementation-Version). */
    static final String VERSION = "0.6.0";
    private static final Duration LIMIT = Duration.ofMinutes(3);

    private JeroMqPeer() {
    }

    /** Measures one run: the PULL and the PUSH side each in a process of its own, on loopback. */
    static Result measure(RunSpec spec, String idle, Path work) throws Exception {
        return measure(spec, idle, work, Host.LOOPBACK, Host.LOOPBACK);
    }

    /** Measures one run: the PULL side on {@code pull} (bound to its address), the PUSH side on {@code push}. */
    static Result measure(RunSpec spec, String idle, Path work, Host pull, Host push) throws Exception {
        Files.createDirectories(work);
        Path result = work.resolve("zmq-result.txt");
        Path port = work.resolve("zmq-port.txt");
        Files.deleteIfExists(result);
        Files.deleteIfExists(port);
        List<String> pullArgs = new ArrayList<>(List.of("pull", port.toString(), result.toString(), idle));
        pullArgs.addAll(spec.toArgs());
        pullArgs.add(pull.address());
        List<String> pushArgs = new ArrayList<>(List.of("push", port.toString(), result.toString(), idle));
        pushArgs.addAll(spec.toArgs());
        pushArgs.add(pull.address());
        try (ChildJvm s = ChildJvm.start("jeromq pull", pull, List.of(), Map.of(), JeroMqPeer.class.getName(),
                pullArgs, work.resolve("zmq-pull.log"));
             ChildJvm p = ChildJvm.start("jeromq push", push, List.of(), Map.of(), JeroMqPeer.class.getName(),
                     pushArgs, work.resolve("zmq-push.log"))) {
            s.awaitSuccess(LIMIT);
            p.awaitSuccess(LIMIT);
        }
        return Result.read(result);
    }

    /**
     * A peer process: {@code push|pull portFile resultFile idleStrategy size intervalNanos warmup count
     * warmupIntervalNanos pullAddress}.
     *
     * @param args see above
     */
    public static void main(String[] args) throws Exception {
        String role = args[0];
        Path portFile = Path.of(args[1]);
        Path result = Path.of(args[2]);
        IdleStrategy idle = AeronIpc.idleStrategy(args[3]);
        RunSpec spec = RunSpec.fromArgs(args, 4);
        String address = args[9];
        try (ZContext context = new ZContext(1)) {
            if (role.equals("push")) {
                push(context, spec, portFile, result, address);
            } else {
                pull(context, spec, portFile, result, idle, address);
            }
        }
    }

    private static void push(ZContext context, RunSpec spec, Path portFile, Path result, String address)
            throws Exception {
        if (!ChildJvm.awaitFile(portFile, Duration.ofSeconds(60))) {
            throw new IllegalStateException("the PULL side did not bind within 60 s");
        }
        int port = Integer.parseInt(Files.readString(portFile, StandardCharsets.UTF_8).trim());
        ZMQ.Socket socket = context.createSocket(SocketType.PUSH);
        socket.connect("tcp://" + address + ":" + port);
        byte[] payload = new byte[spec.size()];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        Pacer pacer = Pacer.of(spec);
        for (long m = 0; m < spec.total(); m++) {
            pacer.await();
            byte[] stamp = new byte[Long.BYTES];
            ByteBuffer.wrap(stamp).putLong(System.nanoTime());
            if (!socket.send(stamp, ZMQ.SNDMORE) || !socket.send(payload, 0)) {
                throw new IllegalStateException("send failed: " + socket.errno());
            }
        }
        // Stay until the PULL side has read everything and written its result.
        ChildJvm.awaitFile(result, Duration.ofSeconds(120));
        socket.setLinger(0);
    }

    private static void pull(ZContext context, RunSpec spec, Path portFile, Path result, IdleStrategy idle,
                             String address) throws Exception {
        ZMQ.Socket socket = context.createSocket(SocketType.PULL);
        int port = socket.bindToRandomPort("tcp://" + address);
        Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
        Files.writeString(tmp, Integer.toString(port), StandardCharsets.UTF_8);
        Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE);
        LatencyRecorder recorder = new LatencyRecorder(spec);
        while (!recorder.done()) {
            byte[] stamp = socket.recv(ZMQ.DONTWAIT);
            if (stamp == null) {
                idle.idle();
                continue;
            }
            idle.reset();
            byte[] payload = socket.recv(0); // the second frame of the same message: already there
            long received = System.nanoTime();
            if (payload == null || payload.length != spec.size()) {
                throw new IllegalStateException("bad payload frame");
            }
            recorder.record(ByteBuffer.wrap(stamp).getLong(), received);
        }
        recorder.result().write(result);
    }
}

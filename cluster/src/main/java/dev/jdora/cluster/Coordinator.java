package dev.jdora.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jdora.cluster.internal.CoordinatorRelay;
import dev.jdora.cluster.internal.CoordinatorState;
import dev.jdora.cluster.internal.Json;
import dev.jdora.cluster.internal.UserToCoordinator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator of a cluster: knows the daemons by machine id, places each node of a dataflow on the machine its
 * {@code deploy.machine} names, sends each daemon its part, opens the start barrier once every machine is ready, and
 * answers {@code jdora start/list/stop}. Its control plane is HTTP/JSON on the JDK's {@link HttpServer}: no dependency
 * beyond the JDK, readable with curl, and every request must carry the {@link ClusterSecret} (401 otherwise). It binds
 * to the address it is given, by default {@code 127.0.0.1}: never to all interfaces unless asked.
 *
 * <pre>{@code
 * try (Coordinator coordinator = Coordinator.start(new Coordinator.Config(
 *         new InetSocketAddress("127.0.0.1", 6012), secret, Coordinator.Config.HEARTBEAT_TIMEOUT))) { ... }
 * }</pre>
 *
 * <p>A daemon is lost when the connection it keeps open while it lives ends (its process died, even by SIGKILL: its
 * kernel closes the connection, so the coordinator knows within milliseconds), or when it has not been heard from for
 * the heartbeat timeout (its machine hangs or is cut off). Its nodes then count as failed, and readers of them on
 * other machines get {@code NodeFailed} then {@code InputClosed}. Thread-safe; {@link #close()} stops serving.
 */
public final class Coordinator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);

    /**
     * How the coordinator runs.
     *
     * @param bind             where it listens (HTTP)
     * @param secret           what every request must carry
     * @param heartbeatTimeout how long a daemon may go unheard before it is lost (its poll comes every
     *                         {@code heartbeatTimeout / 4})
     * @param tapIdleTimeout   how long a tap ({@code jdora topic echo/hz}) may go unpolled by its client before it is
     *                         closed, here and on the daemon of its machine
     */
    public record Config(InetSocketAddress bind, ClusterSecret secret, Duration heartbeatTimeout,
                         Duration tapIdleTimeout) {
        /**
         * The default heartbeat timeout: 5 s. A daemon that died is lost at once (its connection ends); this is for a
         * machine that hangs or is cut off, and long enough that a daemon starved of CPU is not taken for dead.
         */
        public static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);
        /** The default tap idle timeout: 10 s. */
        public static final Duration TAP_IDLE_TIMEOUT = Duration.ofSeconds(10);

        /** With the default tap idle timeout. */
        public Config(InetSocketAddress bind, ClusterSecret secret, Duration heartbeatTimeout) {
            this(bind, secret, heartbeatTimeout, TAP_IDLE_TIMEOUT);
        }
    }

    /** The request a daemon keeps open while it lives (see {@code AliveStream}). */
    private static final Pattern ALIVE = Pattern.compile("/v1/daemons/([^/]+)/alive");

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService watchdog;
    private final CoordinatorState state;
    private final CoordinatorRelay relay;
    private final ClusterSecret secret;

    private Coordinator(Config config) throws IOException {
        this.secret = config.secret();
        this.state = new CoordinatorState(config.heartbeatTimeout());
        this.relay = new CoordinatorRelay(state, config.tapIdleTimeout());
        AtomicInteger threads = new AtomicInteger();
        this.handlers = Executors.newCachedThreadPool(r -> daemonThread(r, "jdora-coordinator-" + threads.incrementAndGet()));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemonThread(r, "jdora-coordinator-watchdog"));
        this.server = HttpServer.create(config.bind(), 64);
        server.setExecutor(handlers);
        server.createContext("/v1/", this::handle);
        server.start();
        long period = Math.max(10, config.heartbeatTimeout().toMillis() / 10);
        watchdog.scheduleWithFixedDelay(state::checkHeartbeats, period, period, TimeUnit.MILLISECONDS);
        LOG.info("coordinator listening on {}", address());
    }

    /** Starts a coordinator; it serves until {@link #close()}. */
    public static Coordinator start(Config config) throws IOException {
        return new Coordinator(config);
    }

    private static Thread daemonThread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The taps ({@code jdora topic echo/hz} through this coordinator) open now. */
    public int openTaps() {
        return relay.openTaps();
    }

    /** Where it listens (the port chosen when 0 was asked). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !secret.accepts(auth)) {
                LOG.warn("refused a request from {} without the cluster secret", exchange.getRemoteAddress());
                reply(exchange, 401, new UserToCoordinator.Refusal("the cluster secret is missing or wrong"));
                return;
            }
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            Matcher alive = ALIVE.matcher(path);
            if (method.equals("POST") && alive.matches()) {
                CoordinatorState.Answer answer = state.follow(alive.group(1), exchange.getRequestBody());
                reply(exchange, answer.status(), answer.body());
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            String query = exchange.getRequestURI().getQuery();
            CoordinatorState.Answer answer;
            try {
                Optional<CoordinatorState.Answer> relayed = relay.handle(method, path, query, body);
                answer = relayed.isPresent() ? relayed.get() : state.handle(method, path, query, body);
            } catch (RuntimeException e) {
                LOG.error("request {} {} failed", method, exchange.getRequestURI(), e);
                answer = new CoordinatorState.Answer(500, new UserToCoordinator.Refusal("the coordinator failed: "
                        + e)); // every request is answered
            }
            reply(exchange, answer.status(), answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] json = Json.write(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        relay.close();
        state.close();
        server.stop(0);
        handlers.shutdownNow();
    }
}

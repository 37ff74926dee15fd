package dev.jdora.cli.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jdora.cli.graph.LiveGraph;
import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.DataflowException;
import dev.jdora.runtime.ops.DataflowOperations;
import dev.jdora.runtime.ops.OperationException;
import dev.jdora.runtime.ops.RunAddress;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server of {@code jdora ui}: a page that draws a running dataflow and updates it every second. It listens on
 * 127.0.0.1 only and answers only requests that carry its random token ({@code ?token=…}, 256 bits); any other
 * request gets 403 and nothing else.
 *
 * <ul>
 *   <li>{@code /} — the page ({@link LiveGraph#page}): Mermaid inlined, nothing loaded from elsewhere;</li>
 *   <li>{@code /state} — JSON: {@code name}, {@code id}, {@code state}, {@code ended}, {@code mermaid} (the graph
 *       with rates, queue depths and drops on the edges and nodes coloured by state), {@code nodes} (per node: id,
 *       Mermaid key, state, rates, drops);</li>
 *   <li>{@code /log?node=N} — JSON: the last lines of node N's log, read as {@link LogTail} allows.</li>
 * </ul>
 *
 * <p><b>Threads.</b> One named thread samples the run every second and keeps the latest {@code /state} document; two
 * named daemon threads answer requests from it. {@link #close()} stops all three; it is the owner's to call.
 */
public final class LiveGraphServer implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int LOG_LINES = 40;
    private static final Duration PERIOD = Duration.ofSeconds(1);

    private final RunAddress run;
    private final List<String> nodeIds;
    private final LiveGraph graph;
    private final String page;
    private final byte[] token;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService sampling;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile byte[] state;

    private LiveGraphServer(RunAddress run, LiveGraph graph, List<String> nodeIds, int port) throws IOException {
        this.run = run;
        this.graph = graph;
        this.nodeIds = List.copyOf(nodeIds);
        this.page = LiveGraph.page(graph.title() + " (" + run.name() + ")");
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(random).getBytes(StandardCharsets.US_ASCII);
        this.state = "{}".getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        this.handlers = Executors.newFixedThreadPool(2, named("jdora-ui-http", true));
        this.sampling = Executors.newSingleThreadScheduledExecutor(named("jdora-ui-sampler", true));
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
    }

    /**
     * Starts serving the page of {@code run} on 127.0.0.1:{@code port} (0: a free port).
     *
     * @throws OperationException if the run's dataflow or statistics cannot be read
     * @throws IOException        if the port cannot be bound
     */
    public static LiveGraphServer start(DataflowOperations ops, RunAddress run, int port) throws IOException {
        Dataflow flow;
        try {
            flow = Dataflow.load(run.dataflow());
        } catch (DataflowException | RuntimeException e) {
            throw new OperationException("cannot read the dataflow of '" + run.name() + "' (" + run.dataflow()
                    + "): " + e.getMessage(), false);
        }
        RunSampler sampler = RunSampler.open(ops, run);
        RunSample first = sampler.sample();
        LiveGraphServer server = new LiveGraphServer(run, LiveGraph.of(flow),
                first.nodes().stream().map(n -> n.nodeId()).toList(), port);
        server.publish(first, first);
        server.sampling.scheduleAtFixedRate(new Runnable() {
            private RunSample previous = first;

            @Override
            public void run() {
                try {
                    RunSample now = sampler.sample();
                    server.publish(previous, now);
                    previous = now;
                } catch (OperationException e) {
                    System.err.println("jdora ui: " + e.getMessage()); // the page keeps the last state it had
                }
            }
        }, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        server.server.start();
        return server;
    }

    /** The page's address, token included: {@code http://127.0.0.1:<port>/?token=…}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + address().getPort() + "/?token="
                + new String(token, StandardCharsets.US_ASCII));
    }

    /** Where the server listens. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Waits until the run has ended (the page then shows its last state); false on timeout. */
    public boolean awaitRunEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        sampling.shutdownNow();
        server.stop(0);
        handlers.shutdownNow();
    }

    /** Makes the {@code /state} document of {@code now}, with rates since {@code before}. */
    private void publish(RunSample before, RunSample now) {
        List<NodeRow> rows = NodeRow.between(before, now);
        Map<String, NodeRow.InputRow> inputs = new HashMap<>();
        Map<String, String> states = new HashMap<>();
        for (NodeRow row : rows) {
            row.inputs().forEach(in -> inputs.put(row.node() + "/" + in.input(), in));
            states.put(row.node(), row.state());
        }
        ObjectNode doc = MAPPER.createObjectNode();
        doc.put("name", run.name());
        doc.put("id", run.id());
        doc.put("state", now.state());
        doc.put("ended", now.ended());
        doc.put("mermaid", graph.mermaid(reader -> Optional.ofNullable(inputs.get(reader)).map(LiveGraphServer::edge),
                states));
        ArrayNode nodes = doc.putArray("nodes");
        for (NodeRow row : rows) {
            ObjectNode node = nodes.addObject();
            TopJson.node(node, row);
            node.put("key", graph.nodeKeys().getOrDefault(row.node(), ""));
        }
        state = doc.toString().getBytes(StandardCharsets.UTF_8);
        if (now.ended()) {
            sampling.shutdown();
            ended.countDown();
        }
    }

    /** The text under an edge: {@code 50.0 msg/s · queue 0 · dropped 3}. */
    private static String edge(NodeRow.InputRow in) {
        StringBuilder text = new StringBuilder(Double.isNaN(in.perSecond()) ? "- msg/s"
                : String.format(Locale.ROOT, "%.1f msg/s", in.perSecond()));
        if (in.queueDepth() >= 0) {
            text.append(" · queue ").append(in.queueDepth());
        }
        return text.append(" · dropped ").append(in.dropped()).toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> query;
            try {
                query = query(exchange.getRequestURI());
            } catch (IllegalArgumentException e) {
                query = Map.of(); // a malformed escape: no token either
            }
            byte[] given = query.getOrDefault("token", "").getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(given, token)) {
                send(exchange, 403, "text/plain", "forbidden: the address jdora ui printed has the token\n");
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, "text/plain", "only GET\n");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/" -> send(exchange, 200, "text/html; charset=utf-8", page);
                case "/state" -> send(exchange, 200, "application/json", state);
                case "/log" -> send(exchange, 200, "application/json", log(query.getOrDefault("node", "")));
                default -> send(exchange, 404, "text/plain", "not found\n");
            }
        }
    }

    private String log(String node) {
        ObjectNode doc = MAPPER.createObjectNode();
        doc.put("node", node);
        ArrayNode lines = doc.putArray("lines");
        if (!nodeIds.contains(node)) {
            doc.put("error", "no node '" + node + "'");
            return doc.toString();
        }
        doc.put("file", run.logDir().resolve(node + ".log").toString());
        try {
            LogTail.lastLines(run.logDir(), node, LOG_LINES).forEach(lines::add);
        } catch (IOException e) {
            doc.put("error", e.getMessage());
        }
        return doc.toString();
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        // nothing from elsewhere: the page, its inline scripts and styles, and requests to this server
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'self' 'unsafe-inline' data:");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private static java.util.concurrent.ThreadFactory named(String name, boolean daemon) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(daemon);
            return thread;
        };
    }
}

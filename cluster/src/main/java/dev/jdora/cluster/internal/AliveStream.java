package dev.jdora.cluster.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;

/**
 * A request a daemon keeps open to its coordinator ({@code POST /v1/daemons/ID/alive}): its body never ends while the
 * daemon lives, one byte every period (HTTP/1.1 chunks). When the daemon's process dies, even by SIGKILL, its kernel
 * closes the connection, and the coordinator, reading the body, learns it at once — without waiting out a heartbeat
 * timeout, which can then be long enough that a daemon starved of CPU is not taken for dead. {@link #close()} ends the
 * body normally.
 *
 * <p><b>Threads.</b> One scheduler thread of its own sends the bytes; the HTTP client's threads carry them. Thread-safe.
 */
public final class AliveStream implements AutoCloseable {

    private static final ByteBuffer TICK = ByteBuffer.wrap(new byte[] {1}).asReadOnlyBuffer();

    private final SubmissionPublisher<ByteBuffer> body = new SubmissionPublisher<>(Runnable::run, 4);
    private final ScheduledExecutorService ticker;
    private final CompletableFuture<HttpResponse<Void>> response;

    AliveStream(HttpClient http, URI uri, String authorization, Duration period) {
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jdora-daemon-alive");
            t.setDaemon(true);
            return t;
        });
        this.response = http.sendAsync(HttpRequest.newBuilder(uri).header("Authorization", authorization)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.fromPublisher(body)).build(), HttpResponse.BodyHandlers.discarding());
        // a byte the connection cannot take now is dropped: the next one comes a period later
        ticker.scheduleAtFixedRate(() -> body.offer(TICK.duplicate(), (subscriber, dropped) -> false), 0,
                period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True once the request has ended: the coordinator answered or the connection broke. */
    public boolean ended() {
        return response.isDone();
    }

    /** Ends the body (the coordinator reads its end) and stops the ticker. Idempotent. */
    @Override
    public void close() {
        ticker.shutdownNow();
        body.close();
    }
}

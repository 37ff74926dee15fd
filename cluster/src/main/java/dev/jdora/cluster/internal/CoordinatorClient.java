package dev.jdora.cluster.internal;

import dev.jdora.cluster.ClusterSecret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Requests to a coordinator over HTTP/JSON (the JDK's {@link HttpClient}), each carrying the cluster secret.
 * Thread-safe; every call blocks for at most its timeout.
 */
public final class CoordinatorClient {

    private static final Duration CONNECT = Duration.ofSeconds(2);

    private final URI base;
    private final ClusterSecret secret;
    private final HttpClient http;

    /** A client of the coordinator at {@code hostPort} ({@code host:port}). */
    public CoordinatorClient(String hostPort, ClusterSecret secret) {
        this.base = URI.create("http://" + hostPort);
        this.secret = secret;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The coordinator refused a request: 401 (wrong or no secret), 400/404 (a user error, said in the message). */
    public static final class RefusedException extends RuntimeException {
        private final int status;

        RefusedException(int status, String message) {
            super(message);
            this.status = status;
        }

        /** The HTTP status. */
        public int status() {
            return status;
        }
    }

    /** {@code POST path} with {@code body} as JSON; the answer read as {@code type}. */
    public <T> T post(String path, Object body, Class<T> type, Duration timeout)
            throws IOException, InterruptedException {
        return Json.read(send(HttpRequest.newBuilder(base.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(body))), timeout), type);
    }

    /** {@code GET path}; the answer read as {@code type}. */
    public <T> T get(String path, Class<T> type, Duration timeout) throws IOException, InterruptedException {
        return Json.read(send(HttpRequest.newBuilder(base.resolve(path)).GET(), timeout), type);
    }

    /** {@code DELETE path}; the answer read as {@code type}. */
    public <T> T delete(String path, Class<T> type, Duration timeout) throws IOException, InterruptedException {
        return Json.read(send(HttpRequest.newBuilder(base.resolve(path)).DELETE(), timeout), type);
    }

    /**
     * Opens {@code POST path} with a body of one byte every {@code period} that ends only with {@link
     * AliveStream#close()} (or this process): how the coordinator learns at once that a daemon died.
     */
    public AliveStream alive(String path, Duration period) {
        return new AliveStream(http, base.resolve(path), secret.header(), period);
    }

    /** {@code GET path}; the answer read as a list of {@code type}. */
    public <T> List<T> getList(String path, Class<T> type, Duration timeout)
            throws IOException, InterruptedException {
        return Json.readList(send(HttpRequest.newBuilder(base.resolve(path)).GET(), timeout), type);
    }

    private byte[] send(HttpRequest.Builder request, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request.timeout(timeout)
                .header("Authorization", secret.header()).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw new RefusedException(response.statusCode(), reason(response.body(), response.statusCode()));
        }
        return response.body();
    }

    private static String reason(byte @Nullable [] body, int status) {
        if (status == 401) {
            return "the coordinator refused the cluster secret (set the same " + ClusterSecret.ENV
                    + " or --token-file everywhere)";
        }
        try {
            return Json.read(body == null ? new byte[0] : body, UserToCoordinator.Refusal.class).error();
        } catch (IOException e) {
            return "the coordinator answered HTTP " + status;
        }
    }

    @Override
    public String toString() {
        return base.toString();
    }
}

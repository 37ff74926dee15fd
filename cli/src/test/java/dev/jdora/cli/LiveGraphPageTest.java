package dev.jdora.cli;

import static dev.jdora.cli.CliOutcome.jdora;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code jdora ui} against a real background run: the page and its data only with the token, on 127.0.0.1 only; and
 * in a real headless Chromium (Debian's, driven by its chromedriver through Selenium, nothing downloaded): the graph
 * renders offline, a rate changes as data flows, a killed node turns red, the end of the run is shown. The screenshot
 * goes to {@code target/live-graph.png}.
 */
class LiveGraphPageTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Pattern URL = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/\\?token=\\S+)");

    @TempDir
    Path dir;

    /** {@code jdora ui <name>} on its own thread, as a user would run it; its output, and its exit status. */
    private record Ui(StringWriter out, CompletableFuture<Integer> exit) {
        static Ui serve(String name) {
            StringWriter out = new StringWriter();
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() ->
                    Main.execute(new PrintWriter(out, true), new PrintWriter(out, true), "ui", name));
            return new Ui(out, exit);
        }

        URI url() throws InterruptedException {
            LiveRuns.await(() -> URL.matcher(out.toString()).find() || exit.isDone(), "the address of the page");
            Matcher m = URL.matcher(out.toString());
            assertThat(m.find()).as(out.toString()).isTrue();
            return URI.create(m.group(1));
        }

        /** Stops the run; jdora ui then ends by itself and says so. */
        void endsWithTheRun(String name) throws Exception {
            assertThat(jdora("stop", name, "--grace-duration", "20s").exit()).isZero(); // room for a loaded host
            assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
            assertThat(out.toString()).contains("dataflow " + name + " has ended");
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void answersOnlyWithItsTokenAndOnlyOnLoopback() throws Exception {
        try (LiveRuns runs = new LiveRuns(dir)) {
            runs.start("ops");
            Ui ui = Ui.serve("ops");
            URI page = ui.url();
            HttpClient http = HttpClient.newHttpClient();
            String token = page.getQuery().substring("token=".length());
            assertThat(token).hasSizeGreaterThanOrEqualTo(40);

            HttpResponse<String> ok = get(http, page);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("mermaid.initialize").doesNotContainPattern("<script[^>]+src=")
                    .doesNotContain("<link");
            URI base = page.resolve("/");
            for (String path : List.of("", "state", "log?node=printer", "state?token=", "state?token=x" + token,
                    "state?token=" + token.substring(1), "state?token=%25" + token, "nothing")) {
                HttpResponse<String> denied = get(http, base.resolve("/" + path));
                assertThat(denied.statusCode()).as(path).isEqualTo(403);
                assertThat(denied.body()).as(path).doesNotContain("printer").doesNotContain("mermaid");
            }
            LiveRuns.await(() -> state(http, base, token).get("mermaid").asText().contains(" msg/s"), "rates");
            JsonNode state = state(http, base, token);
            assertThat(state.get("name").asText()).isEqualTo("ops");
            assertThat(state.get("ended").asBoolean()).isFalse();
            assertThat(state.get("mermaid").asText()).contains("flowchart LR").contains("count → count")
                    .contains("· queue ").contains("· dropped 0").contains("style n2 fill:#e8f5e9");
            assertThat(state.get("nodes")).extracting(n -> n.get("node").asText() + "=" + n.get("key").asText())
                    .containsExactlyInAnyOrder("counter=n0", "remote=n1", "printer=n2");
            LiveRuns.await(() -> get(http, base.resolve("/log?node=printer&token=" + token)).body()
                    .contains("printer started"), "the printer's log");
            assertThat(get(http, base.resolve("/log?node=..%2F..%2Fetc%2Fpasswd&token=" + token)).body())
                    .contains("no node '../../etc/passwd'").doesNotContain("root:");
            assertThat(get(http, base.resolve("/nothing?token=" + token)).statusCode()).isEqualTo(404);

            // bound to 127.0.0.1 only: this machine's other addresses do not answer on that port
            Optional<InetAddress> other = NetworkInterface.networkInterfaces()
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
            if (other.isPresent()) {
                try (Socket socket = new Socket()) {
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> socket.connect(
                            new InetSocketAddress(other.get(), page.getPort()), 2000))
                            .isInstanceOf(ConnectException.class);
                }
            } else {
                System.err.println("no non-loopback address here: the loopback-only check is skipped");
            }
            ui.endsWithTheRun("ops");
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void livePageInHeadlessChromium() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "skipped: the browser test needs Debian's chromium and chromium-driver (" + CHROMIUM + ", "
                        + CHROMEDRIVER + "): apt-get install -y chromium chromium-driver");
        try (LiveRuns runs = new LiveRuns(dir)) {
            runs.start("cam");
            Ui ui = Ui.serve("cam");
            URI page = ui.url();
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless",
                    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--window-size=1200,900",
                    "--user-data-dir=" + Files.createDirectory(dir.resolve("chromium-profile")));
            WebDriver browser = new ChromeDriver(service, options);
            AtomicBoolean publishing = new AtomicBoolean(true);
            try {
                browser.get(page.toString());
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                wait.until(b -> !b.findElements(By.cssSelector("#graph svg g.node")).isEmpty());
                assertThat(browser.findElements(By.cssSelector("#graph svg g.node")).stream()
                        .map(e -> e.getAttribute("data-node"))).contains("counter", "remote", "printer");
                wait.until(b -> rate(b, "count → count").filter(r -> r > 0).isPresent());
                assertThat(rate(browser, "command → command")).as("nothing published yet").contains(0.0);

                // data starts to flow on remote/command: its rate on screen goes up
                CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> {
                    while (publishing.get()) {
                        assertThat(jdora("topic", "pub", "cam", "remote/command", "1").exit()).isZero();
                    }
                });
                wait.until(b -> rate(b, "command → command").filter(r -> r > 0).isPresent());
                publishing.set(false);
                publisher.get(30, TimeUnit.SECONDS);

                // a click on a node shows its last log lines
                browser.findElement(By.cssSelector("#graph g.node[data-node='printer']")).click();
                wait.until(b -> b.findElement(By.id("log")).getText().contains("command=[1]"));

                long pid = LiveRuns.statistics("cam").node("printer").orElseThrow().pid();
                ProcessHandle.of(pid).orElseThrow().destroyForcibly();
                wait.until(b -> "rgb(255, 205, 210)".equals(fill(b, "printer")));
                assertThat(browser.findElement(By.cssSelector("#nodes tr[data-node='printer']"))
                        .getAttribute("data-state")).isEqualTo("failed");
                assertThat(fill(browser, "remote")).as("only the killed node is red").isNotEqualTo(
                        "rgb(255, 205, 210)").isNotEmpty();
                wait.until(b -> rate(b, "count → count").filter(r -> r == 0).isPresent());
                Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
                Files.copy(shot, Path.of("target", "live-graph.png"), StandardCopyOption.REPLACE_EXISTING);

                ui.endsWithTheRun("cam");
                wait.until(b -> b.findElement(By.id("status")).getText().contains("has ended"));
            } finally {
                publishing.set(false);
                browser.quit();
                service.stop();
            }
        }
    }

    /** The rate under the edge whose label has {@code label}, as the page shows it. */
    private static Optional<Double> rate(WebDriver browser, String label) {
        Object text = ((JavascriptExecutor) browser).executeScript("return Array.from(document.querySelectorAll("
                + "'#graph .edgeLabel')).map(e => e.textContent).find(t => t.includes(arguments[0])) || ''", label);
        Matcher m = Pattern.compile("([0-9.]+) msg/s").matcher(String.valueOf(text));
        return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
    }

    /** The fill colour of the shape of node {@code node} in the drawn graph. */
    private static String fill(WebDriver browser, String node) {
        return String.valueOf(((JavascriptExecutor) browser).executeScript("const g = document.querySelector("
                + "\"#graph g.node[data-node='\" + arguments[0] + \"']\"); const s = g && g.querySelector("
                + "'rect, polygon, path'); return s ? getComputedStyle(s).fill : ''", node));
    }

    private static HttpResponse<String> get(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(uri + ": " + e, e);
        }
    }

    private static JsonNode state(HttpClient http, URI base, String token) {
        try {
            return new ObjectMapper().readTree(get(http, base.resolve("/state?token=" + token)).body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

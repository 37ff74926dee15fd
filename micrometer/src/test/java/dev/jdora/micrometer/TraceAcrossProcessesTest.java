package dev.jdora.micrometer;

import static dev.jdora.micrometer.ProcessRuns.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.runtime.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A receiver process's input observation continues the trace of the sender process's send observation. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TraceAcrossProcessesTest {

    private static final Pattern SPAN = Pattern.compile("observation (\\S+) trace=(\\S+) span=(\\S+) parent=(\\S+)");

    @TempDir
    Path dir;

    private ProcessRuns runs;

    @BeforeEach
    void runsInTheTestDirectory() throws Exception {
        runs = new ProcessRuns(dir);
    }

    @AfterEach
    void nothingLeft() throws Exception {
        runs.assertNothingLeft();
    }

    /** The span lines of a node's log, by observation name: {trace, span, parent}. */
    private static Map<String, String[]> spans(RunResult result, String nodeId) throws Exception {
        List<String> lines = Files.readAllLines(result.logDir().resolve(nodeId + ".log"));
        Map<String, String[]> spans = new HashMap<>();
        for (String line : lines) {
            Matcher m = SPAN.matcher(line);
            if (m.find()) {
                spans.put(m.group(1), new String[] {m.group(2), m.group(3), m.group(4)});
            }
        }
        return spans;
    }

    @Test
    void theInputObservationIsAChildOfTheSendersSpan() throws Exception {
        RunResult result = ProcessRuns.finish(runs.start("nodes:\n"
                + node("camera", MetricsNodes.TracedSender.class, "outputs: [out]")
                + node("detector", MetricsNodes.TracedReceiver.class, "inputs:",
                        "  in: {source: camera/out, queue_policy: backpressure}")));

        Map<String, String[]> sender = spans(result, "camera");
        Map<String, String[]> receiver = spans(result, "detector");
        String[] work = sender.get("work");
        String[] send = sender.get(JdoraObservations.SEND);
        String[] input = receiver.get(JdoraObservations.INPUT);
        assertThat(send[0]).as("the send is in the trace of the work around it").isEqualTo(work[0]);
        assertThat(send[2]).as("the send's parent is the work").isEqualTo(work[1]);
        assertThat(input[0]).as("the receiver continues the sender's trace").isEqualTo(send[0]);
        assertThat(input[2]).as("the input's parent is the send").isEqualTo(send[1]);
        assertThat(Files.readAllLines(result.logDir().resolve("detector.log"))).anyMatch(line -> line.contains(
                "parameter traceparent:00-" + send[0] + "-" + send[1] + "-01; frame 7"));
    }

    @Test
    void aContextIsReadInDorasFormAndAsABareTraceparent() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        assertThat(TraceContext.parse("traceparent:" + traceparent + ";tracestate:a=1;").get("tracestate"))
                .hasValue("a=1");
        assertThat(TraceContext.parse(traceparent).get("traceparent")).hasValue(traceparent);
        assertThat(TraceContext.parse(42L).isEmpty()).isTrue();
    }
}

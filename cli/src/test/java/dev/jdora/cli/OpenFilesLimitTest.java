package dev.jdora.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dataflow that needs more open files than the process may hold is refused by {@code jdora run} before anything
 * starts, with a located message that names the count, the limit and {@code ulimit -n}; no stack trace.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OpenFilesLimitTest {

    @TempDir
    Path dir;

    @Test
    void tenThousandOutputsAreRefusedUpFrontWithTheCountAndTheLimit() throws Exception {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        assumeTrue(os instanceof UnixOperatingSystemMXBean, "the open-files limit is known on Unix only");
        long limit = ((UnixOperatingSystemMXBean) os).getMaxFileDescriptorCount();
        assumeTrue(limit < 100_000, "the open-files limit (" + limit + ") is too high for a quick test");
        int outputs = (int) Math.max(10_000, limit / 2 + 1);
        Path file = dir.resolve("wide.yml");
        Files.writeString(file, "nodes:\n  - id: wide\n    class: " + ProcessNodes.Producer.class.getName()
                + "\n    outputs: [" + IntStream.range(0, outputs).mapToObj(i -> "o" + i)
                        .collect(Collectors.joining(", ")) + "]\n");
        Path logs = dir.resolve("out");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                "run", "--log-dir", logs.toString(), file.toString());

        assertThat(exit).as("exit code; stderr starts: %.300s", err).isEqualTo(Main.USER_ERROR);
        assertThat(err.toString().lines().filter(l -> !l.isBlank()).toList()).first().asString()
                .startsWith(file + ":2:5: node 'wide': needs about " + (2 * outputs + 128) + " open files ("
                        + outputs + " outputs and 0 inputs")
                .contains("more than the limit of " + limit + " open files per process")
                .contains("ulimit -n");
        assertThat(out.toString() + err).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(logs).as("nothing started: no node logs").doesNotExist();
    }
}

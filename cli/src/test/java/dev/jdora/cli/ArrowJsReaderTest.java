package dev.jdora.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader that is not Java reads a recording: the {@code apache-arrow} npm package under Node. {@code .ci/run}
 * installs the package and names its directory in {@code JDORA_ARROW_JS} (the directory holding
 * {@code node_modules}); without it, or without {@code node}, the test is skipped and says why.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ArrowJsReaderTest {

    private static final String SCRIPT = """
            const { tableFromIPC } = require('apache-arrow');
            const table = tableFromIPC(require('fs').readFileSync(process.argv[2]));
            const row = table.get(3);
            console.log(JSON.stringify({ rows: table.numRows, first: Array.from(row.data).map(Number),
              timestamp: Number(row.timestamp), parameters: row.parameters }));
            """;

    @TempDir
    Path dir;

    @Test
    void nodeWithApacheArrowReadsTheRecordedFile() throws Exception {
        String modules = System.getenv("JDORA_ARROW_JS");
        assumeTrue(modules != null && Files.isDirectory(Path.of(modules, "node_modules", "apache-arrow")),
                "skipped: set JDORA_ARROW_JS to a directory where 'npm install --prefix DIR apache-arrow' ran "
                        + "(.ci/run does)");
        assumeTrue(runs("node", "--version"), "skipped: no 'node' on the PATH");
        Path yml = dir.resolve("flow.yml");
        Files.writeString(yml, RecordReplayTest.dataflow("    env: {COUNT: 10}\n"));
        Path rec = dir.resolve("rec");
        CliOutcome recorded = CliOutcome.jdora("record", "--in-jvm", "--quiet", "--log-dir",
                dir.resolve("out").toString(), "-o", rec.toString(), yml.toString());
        assertThat(recorded.exit()).as(recorded.err()).isZero();
        Path script = dir.resolve("read.js");
        Files.writeString(script, SCRIPT);

        ProcessBuilder builder = new ProcessBuilder("node", script.toString(),
                rec.resolve("source.out.arrow").toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("node.txt").toFile());
        builder.environment().put("NODE_PATH", Path.of(modules, "node_modules").toString());
        Process node = builder.start();
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String printed = Files.readString(dir.resolve("node.txt"), StandardCharsets.UTF_8).trim();

        assertThat(node.exitValue()).as(printed).isZero();
        assertThat(printed).startsWith("{\"rows\":10,\"first\":[3,9],\"timestamp\":1").contains("\\\"n\\\":3");
    }

    private static boolean runs(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}

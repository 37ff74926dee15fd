package dev.jdora.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

/** What one {@code jdora} command line did, run in this JVM: its exit status and what it printed. */
record CliOutcome(int exit, String out, String err) {

    static CliOutcome jdora(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliOutcome(exit, out.toString(), err.toString());
    }

    List<String> errLines() {
        return Arrays.stream(err.split("\\R")).filter(l -> !l.isBlank()).toList();
    }

    List<String> outLines() {
        return Arrays.stream(out.split("\\R")).filter(l -> !l.isBlank()).toList();
    }

    /** The lines of stderr that are located problems ({@code file:line:column: message}). */
    List<String> problems() {
        return errLines().stream().filter(l -> l.matches("^.+:\\d+:\\d+: .+$")).toList();
    }

    void assertNoStackTrace() {
        assertThat(out + err).doesNotContain("\tat ").doesNotContain("Exception in thread")
                .doesNotContainPattern("\\w+(Exception|Error):");
    }
}

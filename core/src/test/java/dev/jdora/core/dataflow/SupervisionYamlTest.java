package dev.jdora.core.dataflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SupervisionYamlTest {

    private static Dataflow load(String yaml) throws DataflowException {
        return DataflowLoader.parse(yaml, Path.of("df.yml"));
    }

    private static List<String> problems(String yaml) {
        DataflowException e = catchThrowableOfType(DataflowException.class, () -> load(yaml));
        assertThat(e).as("expected problems").isNotNull();
        return e.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void everyKeyIsReadWithDoraMeaning() throws DataflowException {
        Dataflow flow = load("""
                nodes:
                  - id: a
                    path: a.sh
                    restart_policy: on-failure
                    max_restarts: 3
                    restart_delay: 0.5
                    max_restart_delay: 4
                    restart_window: 60
                    startup_timeout: 10
                    health_check_timeout: 2.5
                  - id: b
                    path: dynamic
                """);
        assertThat(flow.nodes().get(0).supervision()).isEqualTo(new Supervision(RestartPolicy.ON_FAILURE, 3,
                Duration.ofMillis(500), Optional.of(Duration.ofSeconds(4)), Optional.of(Duration.ofSeconds(60)),
                Optional.of(Duration.ofSeconds(10)), Optional.of(Duration.ofMillis(2500))));
        assertThat(flow.nodes().get(1).supervision()).isEqualTo(Supervision.NONE);
        assertThat(flow.nodes().get(1).dynamic()).isTrue();
        assertThat(flow.nodes().get(0).dynamic()).isFalse();
    }

    @Test
    void badValuesOfEveryKeyAreReportedWhereTheyAreWritten() {
        assertThat(problems("""
                nodes:
                  - id: a
                    path: a.sh
                    restart_policy: on-failur
                    max_restarts: -1
                    restart_delay: soon
                    max_restart_delay: [1]
                    restart_window: 0
                    startup_timeout: -3
                    health_check_timeout: {s: 1}
                  - id: b
                    path: b.sh
                    restart_policy: always
                    restart_delay: 8
                    max_restart_delay: 2
                    restart_windw: 3
                """)).containsExactly(
                "df.yml:4:21: node 'a': unknown restart_policy 'on-failur' (did you mean 'on-failure'?); use one of"
                        + " never, on-failure, always",
                "df.yml:5:19: node 'a': 'max_restarts' must be an integer from 0 (no limit) to 1000000000, not a number (-1)",
                "df.yml:6:20: node 'a': 'restart_delay' must be a number of seconds, 0 or more, not a string ('soon')",
                "df.yml:7:24: node 'a': 'max_restart_delay' must be a number of seconds, 0 or more, not a list",
                "df.yml:8:21: node 'a': 'restart_window' must be a positive number of seconds, not a number (0)",
                "df.yml:9:22: node 'a': 'startup_timeout' must be a positive number of seconds, not a number (-3)",
                "df.yml:10:27: node 'a': 'health_check_timeout' must be a positive number of seconds, not a mapping",
                "df.yml:15:24: node 'b': 'max_restart_delay' (2.0 s) is shorter than 'restart_delay' (8.0 s)",
                "df.yml:16:5: node 'b': unknown key 'restart_windw' (did you mean 'restart_window'?)");
    }

    @Test
    void restartKeysWithoutAPolicyAreReported() {
        assertThat(problems("""
                nodes:
                  - id: a
                    path: a.sh
                    max_restarts: 2
                """)).containsExactly("df.yml:4:5: node 'a': 'max_restarts' has no effect without"
                + " 'restart_policy: on-failure' or 'restart_policy: always'");
    }
}

package dev.jdora.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Drops are reported while they happen: once when they start, then at most once per interval; on a fake clock. */
class DropReporterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicLong dropped = new AtomicLong();
    private final List<String> lines = new ArrayList<>();
    private final DropReporter reporter = new DropReporter(Duration.ofSeconds(10), now::get, lines::add);

    private void advance(long seconds) {
        now.addAndGet(Duration.ofSeconds(seconds).toNanos());
    }

    @Test
    void aLineWhenDropsStartThenOneSummaryPerIntervalAtMost() {
        reporter.watch("sink", "frames", 10, dropped::get);

        reporter.tick();
        assertThat(lines).as("no drops, no line").isEmpty();

        dropped.set(5);
        reporter.tick();
        assertThat(lines).containsExactly("node=sink input=frames: dropping messages (queue_size 10, drop_oldest)");

        dropped.set(50);
        advance(3);
        reporter.tick();
        advance(6);
        reporter.tick();
        assertThat(lines).as("within the interval: no line").hasSize(1);

        advance(1);
        reporter.tick();
        assertThat(lines).hasSize(2).last()
                .isEqualTo("node=sink input=frames: dropped 45 messages in the last 10 s, 50 in all");

        advance(10);
        reporter.tick();
        assertThat(lines).as("no new drops: no line").hasSize(2);

        dropped.set(51);
        advance(5);
        reporter.tick();
        assertThat(lines).hasSize(3).last()
                .isEqualTo("node=sink input=frames: dropped 1 message in the last 15 s, 51 in all");
    }

    @Test
    void eachInputIsReportedOnItsOwn() {
        AtomicLong other = new AtomicLong();
        reporter.watch("sink", "frames", 10, dropped::get);
        reporter.watch("logger", "lines", 1, other::get);

        other.set(1);
        reporter.tick();
        dropped.set(2);
        advance(1);
        reporter.tick();

        assertThat(lines).containsExactly(
                "node=logger input=lines: dropping messages (queue_size 1, drop_oldest)",
                "node=sink input=frames: dropping messages (queue_size 10, drop_oldest)");
    }

    @Test
    void aCounterThatFailsIsReportedOnceAndTheOthersGoOn() {
        reporter.watch("gone", "in", 10, () -> {
            throw new IllegalStateException("channel closed");
        });
        reporter.watch("sink", "frames", 10, dropped::get);
        dropped.set(1);

        reporter.tick();
        reporter.tick();

        assertThat(lines).containsExactly(
                "node=gone input=in: cannot read the drop count: channel closed",
                "node=sink input=frames: dropping messages (queue_size 10, drop_oldest)");
    }
}

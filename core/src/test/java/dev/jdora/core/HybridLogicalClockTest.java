package dev.jdora.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HybridLogicalClockTest {

    private static final Clock FROZEN = Clock.fixed(Instant.ofEpochSecond(1_000), ZoneOffset.UTC);

    @Test
    void nowIsStrictlyIncreasingEvenWhenTheWallClockStandsStill() {
        HybridLogicalClock clock = new HybridLogicalClock(FROZEN);
        Timestamp previous = clock.now();
        for (int i = 0; i < 1000; i++) {
            Timestamp next = clock.now();
            assertThat(next).isGreaterThan(previous);
            previous = next;
        }
    }

    @Test
    void aTimestampFromAClockAheadIsMergedSoThatRepliesComeAfterIt() {
        HybridLogicalClock local = new HybridLogicalClock(FROZEN);
        Timestamp remote = new Timestamp(FROZEN.instant().getEpochSecond() * 1_000_000_000L + 5_000_000_000L, 3);
        local.update(remote);
        assertThat(local.now()).isGreaterThan(remote);
    }

    @Test
    void physicalPartFollowsTheWallClock() {
        Timestamp t = new HybridLogicalClock(FROZEN).now();
        assertThat(t.toInstant()).isEqualTo(FROZEN.instant());
        assertThat(t.counter()).isZero();
    }

    @Test
    void nowIntoAConsumerIsOrderedWithNowAndWithMergedTimestamps() throws InterruptedException {
        HybridLogicalClock clock = new HybridLogicalClock(FROZEN);
        Timestamp before = clock.now();
        Timestamp[] got = new Timestamp[1];
        clock.now((nanos, counter) -> got[0] = new Timestamp(nanos, counter));
        assertThat(got[0]).isGreaterThan(before);
        assertThat(clock.now()).isGreaterThan(got[0]);
        Timestamp remote = new Timestamp(FROZEN.instant().getEpochSecond() * 1_000_000_000L + 1_000, 9);
        clock.update(remote.nanos(), remote.counter());
        clock.now((nanos, counter) -> got[0] = new Timestamp(nanos, counter));
        assertThat(got[0]).isGreaterThan(remote);
    }
}

package dev.jdora.shm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.Subscriber;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Taps come and go without using up a channel's spare slots; a gone node input's slot is never taken again; a late
 * slot never starts below memory the writer may have reused.
 */
class TapSlotsTest {

    private static final InputOptions TAP = new InputOptions(10, QueuePolicy.DROP_OLDEST);

    @TempDir
    Path dir;

    @Test
    void aGoneTransientSubscribersSlotIsTakenAgain() {
        ChannelHeader header = ChannelHeader.create(dir.resolve("header"),
                List.of(new Subscriber("sink/in", TAP)), 16);
        for (int i = 0; i < ChannelHeader.SPARE_SLOTS * 3; i++) {
            int slot = header.claimSpareSlot("~tap-" + i, TAP, 0);
            assertThat(slot).as("tap %d", i).isPositive();
            header.setSlotState(slot, ChannelHeader.GONE);
        }
    }

    @Test
    void otherGoneSlotsAndLiveTapsKeepTheirPlace() {
        ChannelHeader header = ChannelHeader.create(dir.resolve("header"),
                List.of(new Subscriber("sink/in", TAP)), 16);
        header.setSlotState(header.findSlot("sink/in"), ChannelHeader.GONE);
        for (int i = 0; i < ChannelHeader.SPARE_SLOTS; i++) {
            assertThat(header.claimSpareSlot("~tap-" + i, TAP, 0)).isNotEqualTo(0);
        }
        assertThat(header.claimSpareSlot("~tap-late", TAP, 0)).as("every spare slot is held by a live tap")
                .isEqualTo(-1);
        assertThat(header.slotState(0)).as("a node input's gone slot").isEqualTo(ChannelHeader.GONE);
    }

    @Test
    void aLateSlotStartsAboveMemoryTheWriterReusedWhileItWasClaimed() {
        ChannelHeader header = ChannelHeader.create(dir.resolve("header"),
                List.of(new Subscriber("sink/in", TAP)), 16);
        header.publishFloor(5);
        int slot = header.claimSpareSlot("~rec-1", new InputOptions(64, QueuePolicy.BACKPRESSURE), 3);
        assertThat(header.position(slot)).as("starts at the floor, not below it").isEqualTo(5);
        assertThat(header.held(slot)).as("its claim is released once settled").isEqualTo(Long.MAX_VALUE);
        assertThat(header.lossless(slot)).isTrue();
        assertThat(header.slotState(slot)).isEqualTo(ChannelHeader.ATTACHED);
    }
}

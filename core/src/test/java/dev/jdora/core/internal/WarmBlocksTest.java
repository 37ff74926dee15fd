package dev.jdora.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/** Large buffers come back to the pool when released and are reused; small ones are the allocator's own. */
class WarmBlocksTest {

    @Test
    void aReleasedLargeBlockIsReusedForASimilarSizeAndAccountedWhileInUse() {
        try (BufferAllocator allocator = new RootAllocator(); WarmBlocks blocks = new WarmBlocks()) {
            long size = WarmBlocks.MIN_BYTES + 12345;
            long address;
            try (ArrowBuf first = blocks.buffer(allocator, size)) {
                assertThat(first.capacity()).isEqualTo(size);
                assertThat(allocator.getAllocatedMemory()).isEqualTo(size);
                first.setLong(size - 8, 42);
                address = first.memoryAddress();
            }
            assertThat(allocator.getAllocatedMemory()).isZero();
            try (ArrowBuf second = blocks.buffer(allocator, size - 1000)) {
                assertThat(second.memoryAddress()).as("the warm block again").isEqualTo(address);
            }
            try (ArrowBuf small = blocks.buffer(allocator, 1024)) {
                assertThat(small.memoryAddress()).isNotEqualTo(address);
                assertThat(allocator.getAllocatedMemory()).isGreaterThanOrEqualTo(1024);
            }
            try (ArrowBuf twice = blocks.buffer(allocator, 2 * size + (4L << 20))) {
                assertThat(twice.memoryAddress()).as("a block less than half used is not handed out")
                        .isNotEqualTo(address);
            }
        }
    }

    @Test
    void aBlockReleasedAfterThePoolClosedIsFreedNotKept() {
        try (BufferAllocator allocator = new RootAllocator()) {
            WarmBlocks blocks = new WarmBlocks();
            ArrowBuf held = blocks.buffer(allocator, WarmBlocks.MIN_BYTES);
            blocks.close();
            held.close();
            assertThat(blocks.idleBytes()).isZero();
            assertThat(allocator.getAllocatedMemory()).isZero();
        }
    }
}

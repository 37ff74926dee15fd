package dev.jdora.shm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.junit.jupiter.api.Test;

/** The encoder's null count, a long at a time, agrees with Arrow's for every length and pattern tried. */
class NullCountTest {

    @Test
    void agreesWithArrowsCount() {
        SplittableRandom random = new SplittableRandom(9);
        try (BufferAllocator allocator = new RootAllocator()) {
            for (int rows : new int[] {0, 1, 7, 8, 9, 63, 64, 65, 127, 128, 129, 1000, 4099}) {
                for (int pattern = 0; pattern < 4; pattern++) {
                    try (IntVector v = new IntVector("v", allocator)) {
                        v.allocateNew(rows);
                        for (int i = 0; i < rows; i++) {
                            boolean isNull = switch (pattern) {
                                case 0 -> false;
                                case 1 -> true;
                                case 2 -> i % 3 == 0;
                                default -> random.nextBoolean();
                            };
                            if (isNull) {
                                v.setNull(i);
                            } else {
                                v.set(i, i);
                            }
                        }
                        v.setValueCount(rows);
                        assertThat(MessageEncoder.nullCount(v.getValidityBuffer(), rows))
                                .as("%d rows, pattern %d", rows, pattern).isEqualTo(v.getNullCount());
                    }
                }
            }
        }
    }
}

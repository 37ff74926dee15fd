package dev.jdora.recording.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file cut off by a killed recorder: read up to its last complete batch, and made complete by the repair. */
class FileRepairTest {

    private static final int ROWS = 4;

    @TempDir
    Path dir;

    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void noLeak() {
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
    }

    /** Three batches of {@value #ROWS} longs ({@code batch * 100 + row}); the offsets of the batches. */
    private List<ArrowBlock> writeThreeBatches(Path file) throws Exception {
        try (BigIntVector values = new BigIntVector("v", allocator);
             VectorSchemaRoot root = VectorSchemaRoot.of(values);
             FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
            writer.start();
            for (int batch = 0; batch < 3; batch++) {
                values.allocateNew(ROWS);
                for (int row = 0; row < ROWS; row++) {
                    values.set(row, batch * 100L + row);
                }
                root.setRowCount(ROWS);
                writer.writeBatch();
            }
            writer.end();
            return writer.getRecordBlocks();
        }
    }

    /** Cuts {@code file} in the middle of its third batch (no footer, half a batch), as a SIGKILL would. */
    private Path cutInThirdBatch() throws Exception {
        Path file = dir.resolve("cam.image.arrow");
        ArrowBlock third = writeThreeBatches(file).get(2);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(third.getOffset() + third.getMetadataLength() + third.getBodyLength() / 2);
        }
        return file;
    }

    private List<Long> stockValues(Path file) throws Exception {
        List<Long> values = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file);
             ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            while (reader.loadNextBatch()) {
                BigIntVector v = (BigIntVector) reader.getVectorSchemaRoot().getVector("v");
                for (int i = 0; i < v.getValueCount(); i++) {
                    values.add(v.get(i));
                }
            }
        }
        return values;
    }

    @Test
    void aTruncatedFileIsReadableToItsLastCompleteBatch() throws Exception {
        Path file = cutInThirdBatch();

        int batches = 0;
        try (RecordedFile cut = RecordedFile.open(file, allocator)) {
            while (cut.loadNextBatch()) {
                assertThat(((BigIntVector) cut.root().getVector("v")).get(ROWS - 1)).isEqualTo(batches * 100L + 3);
                batches++;
            }
            assertThat(cut.cutOff()).contains("cut off in a batch");
        }

        assertThat(batches).isEqualTo(2);
    }

    @Test
    void repairKeepsEveryCompleteBatchAsAFileAnyArrowReaderReads() throws Exception {
        Path file = cutInThirdBatch();

        long kept = FileRepair.repair(file, allocator);

        assertThat(kept).isEqualTo(2);
        assertThat(stockValues(file)).containsExactly(0L, 1L, 2L, 3L, 100L, 101L, 102L, 103L);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var left = Files.list(dir)) {
            assertThat(left).containsExactly(file); // no temporary file left beside it
        }
        assertThat(FileRepair.repair(file, allocator)).isEqualTo(-1); // complete now: left alone
    }

    @Test
    void aCompleteFileIsLeftAlone() throws Exception {
        Path file = dir.resolve("whole.arrow");
        writeThreeBatches(file);
        byte[] before = Files.readAllBytes(file);

        assertThat(FileRepair.repair(file, allocator)).isEqualTo(-1);

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }
}

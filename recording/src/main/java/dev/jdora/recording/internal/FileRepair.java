package dev.jdora.recording.internal;

import dev.jdora.recording.RecordingException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowFileWriter;

/**
 * Makes a cut-off output file complete again: its complete batches are written to a new file with Arrow's
 * {@link ArrowFileWriter}, which then replaces it. Blocks on file I/O; the calling thread alone.
 */
public final class FileRepair {

    private FileRepair() {
    }

    /**
     * Repairs {@code file} if it was cut off.
     *
     * @return the number of batches kept, or -1 if the file was complete and left alone
     */
    public static long repair(Path file, BufferAllocator allocator) throws RecordingException {
        Path fixed = file.resolveSibling("." + file.getFileName() + ".repair");
        long batches = 0;
        try (RecordedFile cut = RecordedFile.open(file, allocator)) {
            if (cut.cutOff() == null) {
                return -1;
            }
            Files.deleteIfExists(fixed);
            try (FileChannel channel = OwnerFiles.create(fixed);
                 ArrowFileWriter writer = new ArrowFileWriter(cut.root(), null, channel)) {
                writer.start();
                while (cut.loadNextBatch()) {
                    writer.writeBatch();
                    batches++;
                }
                writer.end();
            }
            Files.move(fixed, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return batches;
        } catch (IOException e) {
            throw new RecordingException(file + ": cannot be repaired: " + e.getMessage(), e);
        }
    }
}

package dev.jdora.shm;

import dev.jdora.core.Data;
import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.Transport;
import dev.jdora.core.transport.TransportContext;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;

/**
 * A node process for the process tests: attaches to the run, writes {@code count} numbered messages on
 * {@code camera/image}, prints its {@code System.nanoTime()} before the first send, then closes the channel
 * ({@code close}) or waits to be killed ({@code hang}).
 */
public final class WriterProcess {

    public static void main(String[] args) throws Exception {
        Path runDirectory = Path.of(args[0]);
        long count = Long.parseLong(args[1]);
        String end = args[2];
        try (RootAllocator allocator = new RootAllocator();
                Transport transport = new ShmTransportProvider().attach(
                        new TransportContext(allocator, Optional.of(runDirectory), Map.of()));
                BigIntVector v = Data.longs(allocator, 0)) {
            OutputWriter writer = transport.createOutput(new ChannelId("camera", "image"));
            System.out.println("nanoTime " + System.nanoTime());
            System.out.flush();
            for (long i = 0; i < count; i++) {
                v.set(0, i);
                writer.send(v, ShmFixture.metadata(i));
            }
            if (end.equals("hang")) {
                System.out.println("sent");
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
            writer.close();
        }
    }
}

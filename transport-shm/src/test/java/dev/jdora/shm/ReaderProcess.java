package dev.jdora.shm;

import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.ConsumerWait;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.Transport;
import dev.jdora.core.transport.TransportContext;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.RootAllocator;

/**
 * A node process for the doorbell tests: subscribes {@code a/in} to {@code camera/image} with a consumer bell of its
 * own (as a node process does), arms its wake-up, prints {@code armed} and waits in the bell until killed (it never
 * disarms; should a ring come, it waits again).
 */
public final class ReaderProcess {

    public static void main(String[] args) throws Exception {
        Path runDirectory = Path.of(args[0]);
        try (RootAllocator allocator = new RootAllocator();
                Transport transport = new ShmTransportProvider().attach(
                        new TransportContext(allocator, Optional.of(runDirectory), Map.of()))) {
            ConsumerWait wait = transport.openConsumerWait().orElseThrow();
            InputReader reader = transport.subscribe(new ChannelId("camera", "image"), "a/in",
                    new InputOptions(4, QueuePolicy.DROP_OLDEST), () -> { }, wait);
            if (!reader.armWakeup()) {
                throw new IllegalStateException("a message was there before the reader armed");
            }
            System.out.println("armed");
            System.out.flush();
            while (true) {
                wait.await(Long.MAX_VALUE); // until killed
            }
        }
    }
}

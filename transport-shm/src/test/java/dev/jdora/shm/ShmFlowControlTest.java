package dev.jdora.shm;

import dev.jdora.core.Data;
import static dev.jdora.shm.ShmFixture.CHANNEL;
import static dev.jdora.shm.ShmFixture.subscriber;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Metadata;
import dev.jdora.core.Timestamp;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.Received;
import dev.jdora.core.transport.Transport;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ShmFlowControlTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void backpressureLosesNothingOverAMillionMessagesWithASlowReaderAndBoundedFiles() throws Exception {
        int count = 1_000_000;
        try (ShmFixture f = new ShmFixture()) {
            f.daemon.declare(CHANNEL, List.of(subscriber("slow/in", 64, QueuePolicy.BACKPRESSURE)));
            AtomicLong maxBytes = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            try (Transport node = f.attach()) {
                InputReader reader = node.subscribe(CHANNEL, "slow/in", new InputOptions(64, QueuePolicy.BACKPRESSURE),
                        () -> { });
                Metadata metadata = Metadata.of(new Timestamp(1, 0));
                Thread producer = new Thread(() -> {
                    try (OutputWriter writer = node.createOutput(CHANNEL);
                            BigIntVector v = Data.longs(f.allocator, 0)) {
                        for (long i = 0; i < count; i++) {
                            v.set(0, i);
                            writer.send(v, metadata);
                        }
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                }, "producer");
                Thread sampler = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        maxBytes.accumulateAndGet(ShmFixture.directorySize(f.runDirectory), Math::max);
                        LockSupport.parkNanos(20_000_000);
                    }
                }, "sampler");
                producer.start();
                sampler.start();
                long expected = 0;
                long duplicatesOrGaps = 0;
                while (true) {
                    Received r = reader.poll(f.allocator);
                    if (r == null) {
                        if (!(reader.state() instanceof InputReader.State.Open)) {
                            break;
                        }
                        Thread.onSpinWait();
                        continue;
                    }
                    try (BigIntVector v = (BigIntVector) r.data()) {
                        if (v.get(0) != expected) {
                            duplicatesOrGaps++;
                        }
                        expected = v.get(0) + 1;
                    }
                    if (expected % 50_000 == 0) {
                        LockSupport.parkNanos(2_000_000); // a slow reader: the writer must wait, not drop
                    }
                }
                producer.join();
                sampler.interrupt();
                sampler.join();
                assertThat(failure.get()).isNull();
                assertThat(duplicatesOrGaps).isZero();
                assertThat(expected).isEqualTo(count);
                assertThat(reader.droppedCount()).isZero();
                System.out.printf("backpressure 1M: max run directory size %.1f MiB%n", maxBytes.get() / 1048576.0);
                assertThat(maxBytes.get()).as("bytes in the run directory").isLessThan(48L << 20);
                reader.close();
            }
        }
    }
}

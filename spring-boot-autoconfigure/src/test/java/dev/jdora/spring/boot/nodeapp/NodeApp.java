package dev.jdora.spring.boot.nodeapp;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.reactor.Output;
import dev.jdora.reactor.ReactorNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ValueVector;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.Banner;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * A Spring Boot application that tests run as a node ({@code class:} this class). Its function beans: {@code doubler}
 * (twice each number) and {@code slowSequence} (passes sequence numbers on, slowly at first); the node's
 * {@code JDORA_NODE_FUNCTIONS} chooses one. With {@code TEST_MARKER} set it writes that file when its context closes.
 */
@SpringBootApplication
public class NodeApp {

    public static void main(String[] args) {
        new SpringApplicationBuilder(NodeApp.class).bannerMode(Banner.Mode.OFF).run(args);
    }

    @Bean
    Function<Flux<Event>, Flux<Output>> doubler() {
        return events -> events.ofType(Event.Input.class)
                .map(in -> Output.of("out", Data.longs(2 * Data.toLongs(in.data())[0])));
    }

    /**
     * Sends each sequence number it receives on {@code out}, from another thread than the one reading the events (so
     * only demand keeps the reading in step), sleeping 1 ms for each of the first {@code TEST_SLOW_FIRST}. Every 1000
     * messages during the slow start and every 2000 after, it samples the heap used after a full GC; at the end it
     * writes the difference between the largest and the smallest sample and the node allocator's peak (the data it
     * has taken and not yet handled) to {@code TEST_REPORT}.
     */
    @Bean
    Function<Flux<Event>, Flux<Output>> slowSequence(ReactorNode node, @Value("${TEST_SLOW_FIRST:0}") long slowFirst,
                                                     @Value("${TEST_REPORT:}") String report) {
        HeapSamples heap = new HeapSamples();
        BufferAllocator allocator = node.node().allocator();
        return events -> events.ofType(Event.Input.class)
                .map(Event.Input::takeData) // kept past onNext: owned from here on
                .publishOn(Schedulers.boundedElastic(), 32)
                .map(data -> {
                    long seq = sequenceNumber(data);
                    if (seq < slowFirst) {
                        pause();
                    }
                    if (seq % (seq < slowFirst ? 1000 : 2000) == 0) {
                        heap.sample();
                    }
                    return Output.of("out", Data.longs(seq));
                })
                .doOnComplete(() -> write(Path.of(report), "heapGrowth=" + heap.growth() + "\nallocatorPeak="
                        + allocator.getPeakMemoryAllocation() + "\n"));
    }

    @Bean
    ClosedMarker closedMarker(@Value("${TEST_MARKER:}") String marker) {
        return new ClosedMarker(marker);
    }

    private static long sequenceNumber(ValueVector data) {
        try (data) {
            return Data.toLongs(data)[0];
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1); // the slow consumer under test, not a wait for something
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes its file when the context closes. */
    static final class ClosedMarker implements DisposableBean {
        private final String file;

        ClosedMarker(String file) {
            this.file = file;
        }

        @Override
        public void destroy() {
            if (!file.isEmpty()) {
                write(Path.of(file), "closed\n");
            }
        }
    }

    /** Heap used after a full GC: the smallest sample and the largest. Called on one thread at a time. */
    static final class HeapSamples {
        private long min = Long.MAX_VALUE;
        private long max;

        void sample() {
            System.gc(); // the node JVM's serial collector: a full, stop-the-world collection
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            min = Math.min(min, used);
            max = Math.max(max, used);
        }

        long growth() {
            return max < min ? 0 : max - min;
        }
    }
}

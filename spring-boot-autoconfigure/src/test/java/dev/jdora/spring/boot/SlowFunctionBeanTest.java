package dev.jdora.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.runtime.DataflowRun;
import dev.jdora.runtime.DataflowRunner;
import dev.jdora.runtime.RunOptions;
import dev.jdora.runtime.RunResult;
import dev.jdora.spring.boot.nodeapp.NodeApp;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slow function bean with {@code backpressure} inputs, in a Spring application that is a node process: a source
 * sends {@value #COUNT} messages as fast as it may, the bean handles the first {@value #SLOW_FIRST} slowly (on another
 * thread than the one reading the events, so only demand keeps the reading in step); nothing is lost, everything
 * arrives in order, and the application's memory stays flat: its heap after a full GC grows by less than
 * {@value #HEAP_GROWTH_LIMIT} bytes and its allocator peaks below {@value #ALLOCATOR_PEAK_LIMIT} bytes, bounds that do
 * not depend on the count. Were demand not honoured, the source would run ahead during the slow start and the node
 * would hold most of the messages at once (tens of MiB of heap for {@value #COUNT}).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SlowFunctionBeanTest {

    private static final int COUNT = 20_000;
    private static final int SLOW_FIRST = 2_000;
    private static final long HEAP_GROWTH_LIMIT = 2L << 20;
    private static final long ALLOCATOR_PEAK_LIMIT = 64L << 10;

    @TempDir
    Path dir;

    @Test
    void aSlowFunctionBeanLosesNothingAndKeepsMemoryFlat() throws Exception {
        Path report = dir.resolve("report.properties");
        Path flow = Files.writeString(dir.resolve("flow.yml"), """
                nodes:
                  - id: source
                    class: dev.jdora.spring.boot.SequenceSource
                    env: {COUNT: %d}
                    outputs: [n]
                  - id: slow
                    class: %s
                    env: {JDORA_NODE_FUNCTIONS: slowSequence, TEST_SLOW_FIRST: %d, TEST_REPORT: '%s'}
                    inputs: {n: {source: source/n, queue_policy: backpressure, queue_size: 10}}
                    outputs: [out]
                  - id: sink
                    bean: sink
                    inputs: {seq: {source: slow/out, queue_policy: backpressure}}
                """.formatted(COUNT, NodeApp.class.getName(), SLOW_FIRST, report));
        ReceivedNumbers sink = new ReceivedNumbers();
        DataflowRun run = DataflowRunner.start(Dataflow.load(flow), RunOptions.defaults().withTransport("shm")
                .withLogDir(dir.resolve("out")).withConsole(false), (nodeId, bean) -> sink);
        RunResult result;
        try {
            result = run.await(Duration.ofSeconds(80)).orElseThrow();
        } finally {
            run.kill();
            run.await(Duration.ofSeconds(30));
        }

        assertThat(result.failures()).isEmpty();
        List<Long> received = sink.of("seq");
        assertThat(received).hasSize(COUNT);
        assertThat(IntStream.range(0, COUNT).filter(i -> received.get(i) != i).findFirst())
                .as("the first position that does not hold its sequence number").isEmpty();
        Properties memory = new Properties();
        memory.load(new StringReader(Files.readString(report)));
        System.out.println("slow function bean, " + COUNT + " messages: " + memory);
        assertThat(Long.parseLong(memory.getProperty("heapGrowth"))).as("heap growth after GC, bytes")
                .isLessThan(HEAP_GROWTH_LIMIT);
        assertThat(Long.parseLong(memory.getProperty("allocatorPeak"))).as("allocator peak, bytes")
                .isLessThan(ALLOCATOR_PEAK_LIMIT);
    }
}

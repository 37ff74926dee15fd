package dev.jdora.testkit.transport;

import static dev.jdora.testkit.transport.KitAssertions.assertSameVector;
import static dev.jdora.testkit.transport.KitAssertions.assertWriterBlockedAhead;
import static dev.jdora.testkit.transport.KitAssertions.readInOrder;
import static dev.jdora.testkit.transport.KitAssertions.readSeqsUntilEnd;
import static dev.jdora.testkit.transport.Payloads.crc;
import static dev.jdora.testkit.transport.Payloads.sendSeq;
import static dev.jdora.testkit.transport.Payloads.seqOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Metadata;
import dev.jdora.core.Node;
import dev.jdora.core.StopCause;
import dev.jdora.core.Timestamp;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.internal.BoundInput;
import dev.jdora.core.internal.NodeContext;
import dev.jdora.core.internal.NodeContexts;
import dev.jdora.core.internal.StartBarrier;
import dev.jdora.core.internal.WakeSignal;
import dev.jdora.core.transport.ChannelClosedException;
import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.InputReader.State;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.Received;
import dev.jdora.core.transport.Subscriber;
import dev.jdora.core.transport.Transport;
import dev.jdora.testkit.transport.KitThreads.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.ValueVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scenarios every {@link Transport} must pass: the parts of the event-stream contract that a transport carries
 * (DESIGN.md §2 rules 1, 5 and 8, and §4 on data ownership). A transport's test class extends this kit and says how
 * to make a transport; every scenario then runs against it. For a shared-memory transport, say (its class names are
 * illustrative):
 *
 * <pre>{@code
 * class ShmTransportCompatibilityTest extends TransportCompatibilityKit {
 *     @TempDir
 *     Path runDirectory;
 *
 *     @Override
 *     protected Transport newTransport(BufferAllocator allocator) {
 *         return new ShmTransportProvider().create(
 *                 new TransportContext(allocator, Optional.of(runDirectory), Map.of()));
 *     }
 *
 *     @Override
 *     protected void afterEachTransport() {           // its own leak check, after Transport.close()
 *         assertThat(runDirectory).isEmptyDirectory();
 *     }
 * }
 * }</pre>
 *
 * <p><b>What the kit does around each scenario.</b> It creates a fresh {@link RootAllocator} and calls
 * {@link #newTransport}. It {@linkplain Transport#declare declares} each channel with all its subscribers before
 * subscribing them (subscriber ids {@code consumerN/in}), subscribes every reader before the writer sends, and reads
 * on the test thread while writers that may block run on threads the kit starts (named {@code jdora-kit-…}). It
 * waits for messages as a node would: on {@code onAvailable}, or, when {@link InputReader#needsPolling()} is true,
 * by polling with a spin-yield-park backoff; every wait has a deadline and no scenario sleeps. After each scenario it
 * interrupts and joins any thread it started that is still alive (and fails the scenario if there was one), calls
 * {@link Transport#close()}, then {@link #afterEachTransport()}, then fails if any byte is still allocated from the
 * allocator or a child allocator is left open.
 *
 * <p><b>What a transport must do to pass</b>, beyond the SPI javadoc: {@code state()} stays {@code Open} while any
 * message is unread; a writer may be used from any thread, by several at once, without losing or reordering a
 * thread's messages; {@code send} throws {@link ChannelClosedException} once the writer has closed or failed, and
 * {@code close()} after {@code fail} keeps the failure; a {@code BACKPRESSURE} writer gets {@code queueSize} messages
 * ahead of a paused reader, no further, and then parks (a blocked {@code send} shows as a waiting thread, not a
 * spinning one); an interrupted {@code send} publishes nothing to its one lossless reader; what {@code poll} lends
 * is valid until the next {@code poll}, {@code release} or {@code close} (a reader may decode the next message into
 * the same vector), data transferred out of it stays valid until closed, whatever is sent after it, and the reader
 * releases what it lent or kept when it is closed; once the readers and the writer of a channel are closed, none of its
 * messages holds memory of the allocator (checked before {@code Transport.close()}).
 *
 * <p>The scenarios of buffers lent for zero-copy sends ({@code OutputWriter.allocate}) are in
 * {@link ZeroCopyScenarios}, which this kit extends: they run with the rest.
 *
 * <p><b>Adapting.</b> Override {@link #maxPayloadBytes()} to skip payloads a transport cannot carry (the kit sends up
 * to 40 MiB). The scenarios are public methods; a subclass may add its own, and use {@link #allocator()} and
 * {@link #transport()} in them. A subclass's own {@code @AfterEach} runs while the transport is still open; checks
 * that need it closed belong in {@link #afterEachTransport()}. Each scenario has a {@link Timeout}; each wait inside
 * it fails after {@link #WAIT}, naming what it waited for.
 */
public abstract class TransportCompatibilityKit extends ZeroCopyScenarios {

    /** How long one wait (a message, the end of a channel, a blocked writer) may take before the scenario fails. */
    protected static final Duration WAIT = Duration.ofSeconds(10);

    private static final String ERROR = "node producer failed: exit code 1";
    private static final int ORDERED_MESSAGES = 10_000;
    private static final int FAN_OUT_MESSAGES = 2_000;
    private static final int BACKPRESSURE_MESSAGES = 50_000;
    private static final int IN_PLACE_SIZE = 64 * 1024;
    private static final int HAND_OVER_THREADS = 4;
    private static final int HAND_OVER_RUN = 100;
    private static final int CONCURRENT_SENDERS = 4;
    private static final int CONCURRENT_MESSAGES = 5_000;
    private static final long SENDER_STRIDE = 1_000_000;

    private BufferAllocator allocator;
    private Transport transport;
    private KitThreads threads;

    /**
     * Creates the transport under test, fresh for each scenario. The kit closes it after the scenario.
     *
     * @param allocator the scenario's allocator, checked for leaks after the transport is closed; the transport must
     *                  not close it
     */
    protected abstract Transport newTransport(BufferAllocator allocator);

    /**
     * Called after each scenario once the transport is closed, before the allocator's leak check: for leak checks of
     * the transport's own (files left in a run directory, threads it started). Throw an {@link AssertionError} to
     * fail the scenario. Does nothing by default.
     */
    protected void afterEachTransport() throws Exception {
    }

    /** The largest payload the transport carries; larger payload scenarios are skipped. Unbounded by default. */
    @Override
    protected long maxPayloadBytes() {
        return Long.MAX_VALUE;
    }

    @Override
    final BufferAllocator kitAllocator() {
        return allocator;
    }

    @Override
    final Transport kitTransport() {
        return transport;
    }

    @Override
    final Worker startKitThread(String name, KitThreads.Body body) {
        return threads.start(name, body);
    }

    @Override
    final Inbox subscribeOne(ChannelId channel, InputOptions options) {
        return subscribe(channel, new Waiter(), options).get(0);
    }

    /** The current scenario's allocator. */
    protected final BufferAllocator allocator() {
        return allocator;
    }

    /** The current scenario's transport. */
    protected final Transport transport() {
        return transport;
    }

    @BeforeEach
    final void openTransport(TestInfo test) {
        String scenario = test.getTestMethod().map(m -> m.getName()).orElse("scenario");
        threads = new KitThreads("jdora-kit-" + scenario + "-");
        allocator = new RootAllocator();
        transport = newTransport(allocator);
    }

    @AfterEach
    final void closeTransportAndCheckForLeaks() throws Exception {
        List<Throwable> problems = new ArrayList<>();
        List<String> survivors = threads.stopAll(WAIT);
        if (!survivors.isEmpty()) {
            problems.add(new AssertionError("threads the kit started were still running at the end of the scenario "
                    + "(interrupted): " + survivors));
        }
        try {
            transport.close();
        } catch (RuntimeException e) {
            problems.add(new AssertionError("Transport.close() threw " + e, e));
        }
        try {
            afterEachTransport();
        } catch (Exception | AssertionError e) {
            problems.add(e);
        }
        checkAllocator().ifPresent(problems::add);
        if (!problems.isEmpty()) {
            Throwable first = problems.get(0);
            problems.subList(1, problems.size()).forEach(first::addSuppressed);
            if (first instanceof Exception e) {
                throw e;
            }
            throw (AssertionError) first;
        }
    }

    private Optional<AssertionError> checkAllocator() {
        long outstanding = allocator.getAllocatedMemory();
        if (outstanding != 0) {
            return Optional.of(new AssertionError("Arrow memory leaked: " + outstanding
                    + " bytes still allocated after Transport.close()\n" + allocator.toVerboseString()));
        }
        if (!allocator.getChildAllocators().isEmpty()) {
            return Optional.of(new AssertionError("child allocators left open after Transport.close(): "
                    + allocator.getChildAllocators().stream().map(BufferAllocator::getName)
                    .collect(Collectors.joining(", "))));
        }
        try {
            allocator.close();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(new AssertionError("the allocator did not close cleanly: " + e, e));
        }
    }

    /** Three channels written at once by three threads: each reader gets its channel's messages in order. */
    @Test
    @Timeout(60)
    public void ordersMessagesPerChannel() throws Exception {
        Waiter waiter = new Waiter();
        List<Inbox> inboxes = new ArrayList<>();
        List<Worker> writers = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            ChannelId channel = new ChannelId("producer" + p, "out");
            inboxes.addAll(subscribe(channel, waiter, lossless(64)));
            writers.add(startWriter("writer" + p, transport.createOutput(channel), ORDERED_MESSAGES));
        }
        readInOrder(inboxes, ORDERED_MESSAGES, waiter);
        for (Inbox inbox : inboxes) {
            assertThat(inbox.awaitEnd(WAIT)).as("%s: end after the last message", inbox.name()).isEqualTo(ended());
        }
        for (Worker writer : writers) {
            writer.join(WAIT);
        }
        inboxes.forEach(Inbox::close);
    }

    /** One writer, N readers: each reader gets every message, in order. */
    @ParameterizedTest(name = "{0} readers")
    @ValueSource(ints = {1, 2, 4})
    @Timeout(60)
    public void fansOutToEveryReader(int readers) throws Exception {
        ChannelId channel = new ChannelId("producer", "out");
        Waiter waiter = new Waiter();
        InputOptions[] options = new InputOptions[readers];
        Arrays.fill(options, lossless(8));
        List<Inbox> inboxes = subscribe(channel, waiter, options);
        Worker writer = startWriter("writer", transport.createOutput(channel), FAN_OUT_MESSAGES);
        readInOrder(inboxes, FAN_OUT_MESSAGES, waiter);
        for (Inbox inbox : inboxes) {
            assertThat(inbox.awaitEnd(WAIT)).as("%s: end after the last message", inbox.name()).isEqualTo(ended());
        }
        writer.join(WAIT);
        inboxes.forEach(Inbox::close);
    }

    /**
     * One writer used by several live threads one after the other, as a timer pool uses it (each thread sends a run
     * of messages and stays alive while the next one sends; then the test thread closes the writer): every message
     * arrives, in order. A transport whose writer is confined to the first thread that sent fails this.
     */
    @Test
    @Timeout(60)
    public void aWriterMayBeUsedByOneThreadAfterAnother() throws Exception {
        ChannelId channel = new ChannelId("producer", "out");
        Inbox inbox = subscribe(channel, new Waiter(), lossless(HAND_OVER_RUN)).get(0);
        OutputWriter writer = transport.createOutput(channel);
        CountDownLatch finished = new CountDownLatch(1);
        List<Worker> senders = new ArrayList<>();
        for (int t = 0; t < HAND_OVER_THREADS; t++) {
            CountDownLatch turn = new CountDownLatch(1);
            long from = (long) t * HAND_OVER_RUN;
            senders.add(threads.start("sender" + t, () -> {
                assertThat(turn.await(WAIT.toNanos(), TimeUnit.NANOSECONDS)).as("the sender's turn").isTrue();
                for (long seq = from; seq < from + HAND_OVER_RUN; seq++) {
                    sendSeq(writer, allocator, seq);
                }
                finished.await(); // alive while the others send
            }));
            turn.countDown();
            for (long seq = from; seq < from + HAND_OVER_RUN; seq++) {
                assertThat(seqOf(inbox.take(WAIT))).as("%s: message (sent by sender%d)", inbox.name(), t)
                        .isEqualTo(seq);
            }
        }
        finished.countDown();
        for (Worker sender : senders) {
            sender.join(WAIT);
        }
        writer.close();
        assertThat(inbox.awaitEnd(WAIT)).as("%s: end after the last message", inbox.name()).isEqualTo(ended());
        inbox.close();
    }

    /**
     * Four threads send on one writer at the same time (a node whose threads share an output): both readers get every
     * message of every thread, each thread's in the order it sent them, and both see the same order overall.
     */
    @Test
    @Timeout(60)
    public void concurrentSendersOnOneWriterLoseNothing() throws Exception {
        ChannelId channel = new ChannelId("producer", "out");
        Waiter waiter = new Waiter();
        List<Inbox> inboxes = subscribe(channel, waiter, lossless(16), lossless(16));
        OutputWriter writer = transport.createOutput(channel);
        List<Worker> senders = new ArrayList<>();
        for (int t = 0; t < CONCURRENT_SENDERS; t++) {
            long base = t * SENDER_STRIDE;
            senders.add(threads.start("sender" + t, () -> {
                for (long i = 0; i < CONCURRENT_MESSAGES; i++) {
                    sendSeq(writer, allocator, base + i);
                }
            }));
        }
        Worker closer = threads.start("closer", () -> {
            for (Worker sender : senders) {
                sender.join(WAIT.multipliedBy(4));
            }
            writer.close();
        });
        List<List<Long>> orders = new ArrayList<>();
        for (Inbox inbox : inboxes) {
            orders.add(new ArrayList<>());
        }
        long total = (long) CONCURRENT_SENDERS * CONCURRENT_MESSAGES;
        long[][] next = new long[inboxes.size()][CONCURRENT_SENDERS];
        for (long read = 0; read < total; read++) {
            for (int r = 0; r < inboxes.size(); r++) {
                Inbox inbox = inboxes.get(r);
                long seq = seqOf(inbox.take(WAIT));
                int sender = (int) (seq / SENDER_STRIDE);
                long i = seq % SENDER_STRIDE;
                if (sender >= CONCURRENT_SENDERS || i != next[r][sender]) {
                    throw new AssertionError(inbox.name() + ": from sender" + sender + " expected message "
                            + next[r][sender] + ", got " + i + " (after " + read + " messages)");
                }
                next[r][sender]++;
                orders.get(r).add(seq);
            }
        }
        for (Inbox inbox : inboxes) {
            assertThat(inbox.awaitEnd(WAIT)).as("%s: end after the last message", inbox.name()).isEqualTo(ended());
        }
        assertThat(orders.get(1)).as("the order the second reader saw, compared with the first's")
                .isEqualTo(orders.get(0));
        closer.join(WAIT);
        inboxes.forEach(Inbox::close);
    }

    /** {@code OutputWriter.close()}: every reader sees {@code Ended} only after reading all that was sent. */
    @Test
    @Timeout(30)
    public void closeIsSeenAfterTheLastMessage() throws Exception {
        endIsSeenAfterTheLastMessage(OutputWriter::close, ended());
    }

    /**
     * {@code OutputWriter.fail(error)}: every reader sees {@code Failed(error)} only after reading all that was sent; a
     * {@code close()} after the failure (the usual cleanup of a failed node) does not hide it.
     */
    @Test
    @Timeout(30)
    public void failIsSeenAfterTheLastMessageWithItsError() throws Exception {
        endIsSeenAfterTheLastMessage(writer -> {
            writer.fail(ERROR);
            writer.close();
        }, new State.Failed(ERROR));
    }

    private void endIsSeenAfterTheLastMessage(Consumer<OutputWriter> end, State expected) throws Exception {
        ChannelId channel = new ChannelId("producer", "out");
        List<Inbox> inboxes = subscribe(channel, new Waiter(), lossy(16), lossy(16));
        OutputWriter writer = transport.createOutput(channel);
        int sent = 10;
        for (long seq = 0; seq < sent; seq++) {
            sendSeq(writer, allocator, seq);
        }
        end.accept(writer);
        assertThatThrownBy(() -> sendSeq(writer, allocator, sent)).as("send after the end of the channel")
                .isInstanceOf(ChannelClosedException.class);
        for (Inbox inbox : inboxes) {
            for (long seq = 0; seq < sent; seq++) {
                assertThat(inbox.reader().state()).as("%s: state while message %d is unread", inbox.name(), seq)
                        .isEqualTo(new State.Open());
                assertThat(seqOf(inbox.take(WAIT))).as("%s: message", inbox.name()).isEqualTo(seq);
            }
            assertThat(inbox.awaitEnd(WAIT)).as("%s: end after the last message", inbox.name()).isEqualTo(expected);
            assertThat(inbox.poll()).as("%s: poll after the end", inbox.name()).isNull();
            assertThat(inbox.reader().state()).as("%s: state after the end, again", inbox.name()).isEqualTo(expected);
        }
        inboxes.forEach(Inbox::close);
    }

    /**
     * {@code Transport.endChannel}: the daemon ends a channel whose writer's process is gone. A reader that had read
     * everything sees {@code Failed(error)} at once; one that had not reads the rest first. A second
     * {@code endChannel} is a no-op; without an error the end is {@code Ended}.
     */
    @Test
    @Timeout(30)
    public void endChannelOnBehalfOfAGoneWriter() throws Exception {
        ChannelId channel = new ChannelId("producer", "out");
        Waiter waiter = new Waiter();
        List<Inbox> inboxes = subscribe(channel, waiter, lossy(16), lossy(16));
        Inbox caughtUp = inboxes.get(0);
        Inbox behind = inboxes.get(1);
        OutputWriter writer = transport.createOutput(channel);
        for (long seq = 0; seq < 5; seq++) {
            sendSeq(writer, allocator, seq);
        }
        for (long seq = 0; seq < 5; seq++) {
            assertThat(seqOf(caughtUp.take(WAIT))).as("%s: message", caughtUp.name()).isEqualTo(seq);
        }
        // From here on the writer is gone: it never sends or closes again.
        transport.endChannel(channel, Optional.of(ERROR));
        State failed = new State.Failed(ERROR);
        assertThat(caughtUp.awaitEnd(WAIT)).as("%s: end", caughtUp.name()).isEqualTo(failed);
        for (long seq = 0; seq < 5; seq++) {
            assertThat(behind.reader().state()).as("%s: state while message %d is unread", behind.name(), seq)
                    .isEqualTo(new State.Open());
            assertThat(seqOf(behind.take(WAIT))).as("%s: message", behind.name()).isEqualTo(seq);
        }
        assertThat(behind.awaitEnd(WAIT)).as("%s: end after the last message", behind.name()).isEqualTo(failed);
        transport.endChannel(channel, Optional.empty());
        for (Inbox inbox : inboxes) {
            assertThat(inbox.reader().state()).as("%s: state after a second endChannel", inbox.name())
                    .isEqualTo(failed);
        }

        ChannelId quiet = new ChannelId("quiet_producer", "out");
        Inbox quietInbox = subscribe(quiet, waiter, lossy(16)).get(0);
        OutputWriter quietWriter = transport.createOutput(quiet);
        for (long seq = 0; seq < 3; seq++) {
            sendSeq(quietWriter, allocator, seq);
        }
        transport.endChannel(quiet, Optional.empty());
        assertThat(readSeqsUntilEnd(quietInbox, ended())).as("%s: messages", quietInbox.name())
                .containsExactly(0L, 1L, 2L);
        inboxes.forEach(Inbox::close);
        quietInbox.close();
    }

    /**
     * Eight readers of one channel arm their wake-up and wait, as parked nodes do: each message, and then the end of
     * the channel, calls every reader's {@code onAvailable}. A transport whose writer is in another process must wake
     * readers that sleep (shared memory rings a doorbell); one that calls {@code onAvailable} anyway passes as it is.
     */
    @Test
    @Timeout(30)
    public void sleepingReadersAreWokenByEachMessageAndByTheEnd() throws Exception {
        ChannelId channel = new ChannelId("producer", "out");
        int count = 8;
        List<Subscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            subscribers.add(new Subscriber("consumer" + i + "/in", lossless(16)));
        }
        transport.declare(channel, subscribers);
        List<InputReader> readers = new ArrayList<>();
        AtomicLong[] wakes = new AtomicLong[count];
        for (int i = 0; i < count; i++) {
            AtomicLong woken = new AtomicLong();
            wakes[i] = woken;
            readers.add(transport.subscribe(channel, subscribers.get(i).subscriberId(), lossless(16),
                    woken::incrementAndGet));
        }
        OutputWriter writer = transport.createOutput(channel);
        for (long seq = 0; seq < 3; seq++) {
            long[] before = armAll(readers, wakes);
            sendSeq(writer, allocator, seq);
            awaitWoken(readers, wakes, before, "message " + seq);
            for (InputReader reader : readers) {
                reader.disarmWakeup();
                Received received = reader.poll(allocator);
                assertThat(received).as("message %d after the wake-up", seq).isNotNull();
                assertThat(seqOf(received)).isEqualTo(seq);
            }
        }
        long[] before = armAll(readers, wakes);
        writer.close();
        awaitWoken(readers, wakes, before, "the end of the channel");
        for (InputReader reader : readers) {
            reader.disarmWakeup();
            assertThat(reader.state()).isEqualTo(ended());
            reader.close();
        }
    }

    /**
     * A reader that must be polled refuses to arm its wake-up while a message or the end is there already, so a
     * consumer never sleeps on something it could read; once it has read everything it arms again.
     */
    @Test
    @Timeout(30)
    public void armingFindsWhatIsAlreadyThere() throws Exception {
        ChannelId channel = new ChannelId("producer", "out");
        Waiter waiter = new Waiter();
        Inbox inbox = subscribe(channel, waiter, lossless(16)).get(0);
        InputReader reader = inbox.reader();
        assumeTrue(reader.needsPolling(), "the writer calls onAvailable for every message: nothing to arm");
        assertThat(reader.armWakeup()).as("arming with nothing there").isTrue();
        reader.disarmWakeup();
        OutputWriter writer = transport.createOutput(channel);
        sendSeq(writer, allocator, 0);
        assertThat(reader.armWakeup()).as("arming with a message there").isFalse();
        assertThat(seqOf(inbox.take(WAIT))).isEqualTo(0L);
        assertThat(reader.armWakeup()).as("arming once it was read").isTrue();
        reader.disarmWakeup();
        writer.close();
        assertThat(reader.armWakeup()).as("arming with the end there").isFalse();
        assertThat(inbox.awaitEnd(WAIT)).isEqualTo(ended());
        inbox.close();
    }

    private static long[] armAll(List<InputReader> readers, AtomicLong[] wakes) {
        long[] before = new long[readers.size()];
        for (int i = 0; i < readers.size(); i++) {
            before[i] = wakes[i].get();
            assertThat(readers.get(i).armWakeup()).as("reader %d arms with nothing to read", i).isTrue();
        }
        return before;
    }

    private static void awaitWoken(List<InputReader> readers, AtomicLong[] wakes, long[] before, String what)
            throws InterruptedException {
        for (int i = 0; i < readers.size(); i++) {
            int reader = i;
            Waits.until(() -> wakes[reader].get() > before[reader], WAIT,
                    () -> "reader " + reader + " to be woken by " + what);
        }
    }

    /**
     * {@code drop_oldest} with queue size 4: 100 messages sent to a reader that reads nothing (the writer never
     * blocks); it then gets exactly the newest 4 and counts 96 drops. A reader with room for all loses none.
     */
    @Test
    @Timeout(30)
    public void dropOldestKeepsTheNewestAndCountsEveryDrop() throws Exception {
        ChannelId channel = new ChannelId("producer", "out");
        List<Inbox> inboxes = subscribe(channel, new Waiter(), lossy(4), lossy(128));
        Inbox small = inboxes.get(0);
        Inbox roomy = inboxes.get(1);
        OutputWriter writer = transport.createOutput(channel);
        int sent = 100;
        for (long seq = 0; seq < sent; seq++) {
            sendSeq(writer, allocator, seq);
        }
        writer.close();

        List<Long> kept = readSeqsUntilEnd(small, ended());
        assertThat(kept).as("%s: messages kept", small.name()).containsExactly(96L, 97L, 98L, 99L);
        assertThat(small.reader().droppedCount()).as("%s: dropped", small.name()).isEqualTo(96);
        assertThat(kept.size() + small.reader().droppedCount()).as("received + dropped").isEqualTo(sent);

        assertThat(readSeqsUntilEnd(roomy, ended())).as("%s: messages", roomy.name())
                .containsExactlyElementsOf(range(0, sent));
        assertThat(roomy.reader().droppedCount()).as("%s: dropped", roomy.name()).isZero();
        inboxes.forEach(Inbox::close);
    }

    /**
     * {@code backpressure} with queue size 8: a writer thread sends 50,000 messages to a reader that yields often and
     * pauses five times. The reader gets every message once, in order; the writer is never more than
     * {@code queueSize} (+1) ahead of it, and at each pause it is seen parked at that bound.
     */
    @Test
    @Timeout(120)
    public void backpressureLosesNothingAndBlocksTheWriter() throws Exception {
        int queueSize = 8;
        ChannelId channel = new ChannelId("producer", "out");
        Inbox inbox = subscribe(channel, new Waiter(), lossless(queueSize)).get(0);
        OutputWriter writer = transport.createOutput(channel);
        AtomicLong sent = new AtomicLong();
        Worker sender = threads.start("writer", () -> {
            for (long seq = 0; seq < BACKPRESSURE_MESSAGES; seq++) {
                sendSeq(writer, allocator, seq);
                sent.set(seq + 1);
            }
            writer.close();
        });
        for (long read = 0; read < BACKPRESSURE_MESSAGES; ) {
            if (read % 10_000 == 0) {
                assertWriterBlockedAhead(sender, sent, read, queueSize);
            }
            long seq = seqOf(inbox.take(WAIT));
            if (seq != read) {
                throw new AssertionError(inbox.name() + ": expected message " + read + ", got " + seq
                        + (seq < read ? " (a duplicate)" : " (a gap)"));
            }
            read++;
            long ahead = sent.get() - read;
            if (ahead > queueSize + 1) {
                throw new AssertionError("the writer got " + ahead + " messages ahead of a backpressure reader with "
                        + "queue size " + queueSize + " (after " + read + " read)");
            }
            if (read % 16 == 0) {
                Thread.yield();
            }
        }
        assertThat(inbox.awaitEnd(WAIT)).as("%s: end after the last message", inbox.name()).isEqualTo(ended());
        assertThat(inbox.reader().droppedCount()).as("%s: dropped", inbox.name()).isZero();
        sender.join(WAIT);
        inbox.close();
    }

    /** A {@code send} blocked by a backpressure reader throws {@link InterruptedException} when interrupted. */
    @Test
    @Timeout(30)
    public void backpressureWriterIsInterruptible() throws Exception {
        int queueSize = 2;
        ChannelId channel = new ChannelId("producer", "out");
        Inbox inbox = subscribe(channel, new Waiter(), lossless(queueSize)).get(0);
        OutputWriter writer = transport.createOutput(channel);
        AtomicLong sent = new AtomicLong();
        AtomicReference<InterruptedException> interrupted = new AtomicReference<>();
        Worker sender = threads.start("writer", () -> {
            try {
                for (long seq = 0; seq < 1_000; seq++) {
                    sendSeq(writer, allocator, seq);
                    sent.set(seq + 1);
                }
            } catch (InterruptedException e) {
                interrupted.set(e);
            }
        });
        assertWriterBlockedAhead(sender, sent, 0, queueSize);
        long sentBefore = sent.get();
        sender.thread().interrupt();
        sender.join(WAIT);
        assertThat(interrupted.get()).as("what the blocked send threw when its thread was interrupted").isNotNull();
        assertThat(sent.get()).as("sends completed").isEqualTo(sentBefore);
        writer.close();
        assertThat(readSeqsUntilEnd(inbox, ended())).as("%s: messages (the interrupted one is not delivered)",
                inbox.name()).containsExactlyElementsOf(range(0, sentBefore));
        inbox.close();
    }

    /**
     * A writer blocked by a backpressure reader returns when that reader closes; another ({@code drop_oldest}) reader
     * of the channel still gets everything.
     */
    @Test
    @Timeout(30)
    public void closingAReaderReleasesABlockedWriter() throws Exception {
        int queueSize = 2;
        int total = 10;
        ChannelId channel = new ChannelId("producer", "out");
        List<Inbox> inboxes = subscribe(channel, new Waiter(), lossless(queueSize), lossy(16));
        Inbox lossless = inboxes.get(0);
        Inbox other = inboxes.get(1);
        OutputWriter writer = transport.createOutput(channel);
        AtomicLong sent = new AtomicLong();
        Worker sender = threads.start("writer", () -> {
            for (long seq = 0; seq < total; seq++) {
                sendSeq(writer, allocator, seq);
                sent.set(seq + 1);
            }
        });
        assertWriterBlockedAhead(sender, sent, 0, queueSize);
        lossless.close();
        sender.join(WAIT);
        assertThat(sent.get()).as("sends completed once the blocking reader closed").isEqualTo(total);
        writer.close();
        assertThat(readSeqsUntilEnd(other, ended())).as("%s: messages", other.name())
                .containsExactlyElementsOf(range(0, total));
        other.close();
    }

    /** Three {@code uint8} payloads of each size arrive with the same CRC32 (1 MiB, and 40 MiB as DESIGN §6 asks). */
    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(longs = {1L << 20, 40L << 20})
    @Timeout(120)
    public void largePayloadsArriveIntact(long size) throws Exception {
        assumeTrue(size <= maxPayloadBytes(), () -> "the transport carries at most " + maxPayloadBytes() + " bytes");
        ChannelId channel = new ChannelId("producer", "out");
        Inbox inbox = subscribe(channel, new Waiter(), lossless(2)).get(0);
        OutputWriter writer = transport.createOutput(channel);
        for (int i = 0; i < 3; i++) {
            byte[] bytes = Payloads.bytes((int) size, size + i);
            long crc = crc(bytes);
            try (UInt1Vector data = Data.bytes(allocator, bytes)) {
                writer.send(data, new Metadata(new Timestamp(i, 0), Map.of("crc", crc)));
            }
            Received received = inbox.take(WAIT);
            try (ValueVector data = received.data()) {
                assertThat((long) data.getValueCount()).as("length of payload %d", i).isEqualTo(size);
                assertThat(crc(data)).as("CRC32 of payload %d", i).isEqualTo(crc);
                assertThat(received.metadata().parameters()).as("metadata of payload %d", i).containsEntry("crc", crc);
            }
        }
        writer.close();
        assertThat(inbox.awaitEnd(WAIT)).as("%s: end", inbox.name()).isEqualTo(ended());
        inbox.close();
    }

    /** The timestamp and every parameter type (and lists of each, in order) arrive equal; so does no parameter. */
    @Test
    @Timeout(30)
    public void metadataRoundTrips() throws Exception {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("flag", true);
        parameters.put("count", Long.MIN_VALUE);
        parameters.put("ratio", -0.0);
        parameters.put("label", "grüße, 世界 🚀");
        parameters.put("empty", "");
        parameters.put("flags", List.of(true, false, true));
        parameters.put("counts", List.of(0L, -1L, Long.MAX_VALUE));
        parameters.put("ratios", List.of(1.5, Double.NaN, Double.NEGATIVE_INFINITY, Double.MIN_VALUE));
        parameters.put("labels", List.of("a", "", "ü"));
        parameters.put("nothing", List.of());
        List<Metadata> sent = List.of(
                new Metadata(new Timestamp(1_752_000_000_123_456_789L, 42), parameters),
                Metadata.of(new Timestamp(1, 0)));

        ChannelId channel = new ChannelId("producer", "out");
        Inbox inbox = subscribe(channel, new Waiter(), lossy(8)).get(0);
        OutputWriter writer = transport.createOutput(channel);
        for (Metadata metadata : sent) {
            try (BigIntVector data = Data.longs(allocator, 1)) {
                writer.send(data, metadata);
            }
        }
        for (Metadata expected : sent) {
            Received received = inbox.take(WAIT);
            received.data().close();
            assertThat(received.metadata()).as("metadata").isEqualTo(expected);
            assertThat(received.metadata().parameters().keySet()).as("parameter order")
                    .containsExactlyElementsOf(expected.parameters().keySet());
        }
        writer.close();
        assertThat(inbox.awaitEnd(WAIT)).as("%s: end", inbox.name()).isEqualTo(ended());
        inbox.close();
    }

    /**
     * Strings, int64 (with a null), float64 (with -0.0 and NaN), a struct, empty arrays and the zero-length
     * {@link NullVector} timers send arrive with the same vector class, field (name, type, children) and values.
     */
    @Test
    @Timeout(30)
    public void variousArrowTypesRoundTrip() throws Exception {
        ChannelId channel = new ChannelId("producer", "out");
        Inbox inbox = subscribe(channel, new Waiter(), lossy(16)).get(0);
        OutputWriter writer = transport.createOutput(channel);
        List<FieldVector> samples = new ArrayList<>();
        try {
            samples.add(Data.utf8(allocator, "hello", "", "grüße, 世界 🚀", "x".repeat(10_000)));
            samples.add(Data.longs(allocator, Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE));
            BigIntVector withNull = Data.longs(allocator, 1, 0, 3);
            samples.add(withNull);
            withNull.setNull(1);
            samples.add(Data.doubles(allocator, 0.0, -0.0, 1.5, Double.NaN, Double.NEGATIVE_INFINITY,
                    Double.MIN_VALUE));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", 7L);
            row.put("score", 0.5);
            row.put("ok", true);
            row.put("name", "camera");
            row.put("raw", new byte[] {1, 2, 3});
            samples.add(Data.struct(row));
            samples.add(Data.longs(allocator));
            samples.add(Data.utf8(allocator));
            samples.add(new NullVector("timer", 0));
            BitVector bits = new BitVector("bits", allocator); // bit-packed values: a data buffer sized by bits
            bits.allocateNew(11);
            for (int i = 0; i < 11; i++) {
                bits.set(i, i % 3 == 0 ? 1 : 0);
            }
            bits.setNull(4);
            bits.setValueCount(11);
            samples.add(bits);
            LargeVarCharVector large = new LargeVarCharVector("large", allocator);
            large.allocateNew(3);
            large.setSafe(0, "α".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            large.setNull(1);
            large.setSafe(2, "z".repeat(300).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            large.setValueCount(3);
            samples.add(large);
            for (FieldVector sample : samples) {
                writer.send(sample, Metadata.of(Timestamp.ZERO));
            }
            for (FieldVector sample : samples) {
                try (ValueVector got = inbox.take(WAIT).data()) {
                    assertSameVector(got, sample);
                }
            }
        } finally {
            samples.forEach(FieldVector::close);
        }
        writer.close();
        assertThat(inbox.awaitEnd(WAIT)).as("%s: end", inbox.name()).isEqualTo(ended());
        inbox.close();
    }

    /**
     * Data taken out of what {@code poll} lent ({@link Received#takeData()}) stays valid while more messages pass
     * through the channel and while a later one is closed; it is released when closed: what the transport
     * materialized in the allocator given to {@code poll} is all returned once the reader is closed too.
     */
    @Test
    @Timeout(30)
    public void takenDataStaysValidUntilClosedAndIsReleasedOnClose() throws Exception {
        BufferAllocator receiving = allocator.newChildAllocator("kit-receiving", 0, Long.MAX_VALUE);
        ChannelId channel = new ChannelId("producer", "out");
        Inbox inbox = subscribe(channel, new Waiter(), receiving, lossy(8)).get(0);
        OutputWriter writer = transport.createOutput(channel);
        byte[] large = Payloads.bytes(IN_PLACE_SIZE, 1);
        byte[] small = Payloads.bytes(100, 2);
        sendBytes(writer, large);
        sendBytes(writer, small);
        ValueVector first = inbox.take(WAIT).takeData();
        ValueVector second = inbox.take(WAIT).takeData();
        for (int i = 0; i < 6; i++) {
            byte[] more = Payloads.bytes(i % 2 == 0 ? IN_PLACE_SIZE : 100, 10 + i);
            sendBytes(writer, more);
            try (ValueVector data = inbox.take(WAIT).data()) {
                assertThat(crc(data)).as("CRC32 of a later message").isEqualTo(crc(more));
            }
        }
        assertThat(crc(first)).as("CRC32 of the first message, held while others passed").isEqualTo(crc(large));
        assertThat(crc(second)).as("CRC32 of the second message").isEqualTo(crc(small));
        second.close();
        assertThat(crc(first)).as("CRC32 of the first message after the second was closed").isEqualTo(crc(large));
        first.close();
        writer.close();
        assertThat(inbox.awaitEnd(WAIT)).as("%s: end", inbox.name()).isEqualTo(ended());
        inbox.close();
        assertThat(receiving.getAllocatedMemory()).as("bytes still allocated from the allocator given to poll, once "
                + "every taken message and the reader are closed").isZero();
        receiving.close();
    }

    /**
     * A reader may decode every message into vectors it reuses: arrays of many types and sizes in sequence, each read
     * without closing it (as a node does), arrive equal; one taken out on the way stays equal to what was sent while
     * later messages of its type and of others pass.
     */
    @Test
    @Timeout(30)
    public void lentVectorsDecodeEveryTypeAndSizeInSequence() throws Exception {
        ChannelId channel = new ChannelId("producer", "out");
        Inbox inbox = subscribe(channel, new Waiter(), lossless(4)).get(0);
        OutputWriter writer = transport.createOutput(channel);
        try (LentDataSamples samples = new LentDataSamples(allocator)) {
            ValueVector taken = null;
            try {
                for (int i = 0; i < samples.size(); i++) {
                    writer.send(samples.get(i), Metadata.of(new Timestamp(i, 0)));
                    Received received = inbox.take(WAIT);
                    assertSameVector(received.data(), samples.get(i));
                    assertThat(received.timestampNanos()).as("timestamp of sample %d", i).isEqualTo(i);
                    if (i == LentDataSamples.TAKEN) {
                        taken = received.takeData();
                    }
                }
                assertThat(taken).as("sample %d, taken", LentDataSamples.TAKEN).isNotNull();
                assertSameVector(taken, samples.get(LentDataSamples.TAKEN));
            } finally {
                if (taken != null) {
                    taken.close();
                }
            }
        }
        writer.close();
        assertThat(inbox.awaitEnd(WAIT)).as("%s: end", inbox.name()).isEqualTo(ended());
        inbox.close();
    }

    /**
     * What {@code poll} lends belongs to the reader: {@code release()} lets a large message go at once (nothing of it
     * stays in the allocator given to {@code poll}), and closing the reader releases everything it lent or kept for
     * reuse, though the application closed nothing.
     */
    @Test
    @Timeout(30)
    public void lentDataIsReleasedByTheReader() throws Exception {
        BufferAllocator receiving = allocator.newChildAllocator("kit-receiving", 0, Long.MAX_VALUE);
        ChannelId channel = new ChannelId("producer", "out");
        Inbox inbox = subscribe(channel, new Waiter(), receiving, lossless(4)).get(0);
        OutputWriter writer = transport.createOutput(channel);
        for (int i = 0; i < 3; i++) {
            byte[] large = Payloads.bytes(IN_PLACE_SIZE, 20 + i);
            sendBytes(writer, large);
            assertThat(crc(inbox.take(WAIT).data())).as("CRC32 of large message %d", i).isEqualTo(crc(large));
            inbox.reader().release();
            inbox.reader().release();
            assertThat(receiving.getAllocatedMemory()).as("bytes of large message %d still allocated after "
                    + "release()", i).isZero();
        }
        for (int i = 0; i < 5; i++) {
            sendSeq(writer, allocator, i);
            Received received = inbox.take(WAIT);
            assertThat(Data.toLongs(received.data())).as("message %d", i).containsExactly(i);
        }
        byte[] small = Payloads.bytes(100, 30);
        sendBytes(writer, small);
        assertThat(crc(inbox.take(WAIT).data())).as("CRC32 of a small message").isEqualTo(crc(small));
        inbox.close();
        assertThat(receiving.getAllocatedMemory()).as("bytes allocated from the allocator given to poll once the "
                + "reader is closed (no received data was closed)").isZero();
        receiving.close();
        writer.close();
    }

    /**
     * Through a node: an {@code Input} whose data was taken ({@code takeData()}) keeps its values while later messages
     * of the same input, of the same type and size, are delivered (and decoded into the vector the reader reuses);
     * its metadata stays valid too.
     */
    @Test
    @Timeout(30)
    public void takenInputStaysIntactWhileLaterMessagesArrive() throws Exception {
        ChannelId channel = new ChannelId("producer", "out");
        WakeSignal signal = new WakeSignal();
        InputReader reader = subscribeOne(channel, "consumer/in", lossless(8), signal);
        OutputWriter writer = transport.createOutput(channel);
        NodeContext context = new NodeContext("consumer", List.of(
                new BoundInput("in", "producer", false, reader, Optional.empty())),
                Map.of(), allocator, StartBarrier.open(), signal);
        try (Node node = NodeContexts.open(context)) {
            sendSeq(writer, allocator, 1);
            Event.Input first = nextInput(node);
            Metadata firstMetadata = first.metadata();
            try (ValueVector taken = first.takeData()) {
                for (long seq = 2; seq < 12; seq++) {
                    sendSeq(writer, allocator, seq);
                    assertThat(Data.toLongs(nextInput(node).data())).as("message %d", seq).containsExactly(seq);
                    assertThat(Data.toLongs(taken)).as("the taken message after message %d", seq).containsExactly(1);
                }
                first.close(); // closes what is left of it (nothing): the taken data is not touched
                assertThat(Data.toLongs(taken)).as("the taken message after its Input was closed").containsExactly(1);
                assertThat(firstMetadata).as("metadata of the first Input").isEqualTo(Payloads.metadataOf(1));
            }
        }
        writer.close();
    }

    /**
     * A node's {@code send} stamps every message from its clock, with or without parameters (without, the stamp
     * reaches the writer as primitives): timestamps strictly increase in the order sent, parameters arrive equal.
     */
    @Test
    @Timeout(30)
    public void nodeSendStampsEveryMessageWithOrWithoutParameters() throws Exception {
        ChannelId channel = new ChannelId("producer", "out");
        Inbox inbox = subscribe(channel, new Waiter(), lossless(8)).get(0);
        OutputWriter writer = transport.createOutput(channel);
        NodeContext context = new NodeContext("producer", List.of(), Map.of("out", writer), allocator,
                StartBarrier.open(), new WakeSignal());
        try (Node node = NodeContexts.open(context)) {
            for (long i = 0; i < 4; i++) {
                try (BigIntVector data = Data.longs(allocator, i)) {
                    node.send("out", data, i == 2 ? Map.of("i", i) : Map.of());
                }
            }
        }
        Timestamp previous = Timestamp.ZERO;
        for (long i = 0; i < 4; i++) {
            Received received = inbox.take(WAIT);
            assertThat(Data.toLongs(received.data())).as("message %d", i).containsExactly(i);
            Metadata metadata = received.metadata();
            assertThat(metadata.timestamp()).as("timestamp of message %d", i).isGreaterThan(previous);
            assertThat(metadata.parameters()).as("parameters of message %d", i)
                    .isEqualTo(i == 2 ? Map.of("i", i) : Map.of());
            previous = metadata.timestamp();
        }
        writer.close();
        assertThat(inbox.awaitEnd(WAIT)).as("%s: end", inbox.name()).isEqualTo(ended());
        inbox.close();
    }

    private static Event.Input nextInput(Node node) {
        Event event = node.next(WAIT).orElseThrow(() -> new AssertionError("no event within " + WAIT));
        assertThat(event).as("event").isInstanceOf(Event.Input.class);
        return (Event.Input) event;
    }

    /**
     * A reader closed with messages still queued releases them and does not disturb another reader of the channel;
     * once both readers and the writer are closed, nothing of the channel's messages stays allocated.
     */
    @Test
    @Timeout(30)
    public void readerClosedWithQueuedMessagesReleasesThem() throws Exception {
        ChannelId channel = new ChannelId("producer", "out");
        List<Inbox> inboxes = subscribe(channel, new Waiter(), lossy(8), lossy(8));
        Inbox abandoned = inboxes.get(0);
        Inbox reading = inboxes.get(1);
        OutputWriter writer = transport.createOutput(channel);
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            payloads.add(Payloads.bytes(IN_PLACE_SIZE, i));
            sendBytes(writer, payloads.get(i));
        }
        abandoned.close();
        abandoned.close();
        for (byte[] payload : payloads) {
            try (ValueVector data = reading.take(WAIT).data()) {
                assertThat(crc(data)).as("%s: CRC32 of a message", reading.name()).isEqualTo(crc(payload));
            }
        }
        writer.close();
        assertThat(reading.awaitEnd(WAIT)).as("%s: end", reading.name()).isEqualTo(ended());
        reading.close();
        assertThat(allocator.getAllocatedMemory()).as("bytes allocated once both readers and the writer are closed "
                + "(before Transport.close())").isZero();
    }

    /**
     * {@code InputReader.close()} counts what the reader still holds as dropped, whatever its policy (DESIGN.md §2
     * rule 2: nothing is ever discarded uncounted), including what {@code drop_oldest} had not skipped yet; the count
     * still answers after the close. The reader reports its policy.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"BACKPRESSURE", "DROP_OLDEST"})
    @Timeout(30)
    public void closeCountsWhatTheReaderStillHoldsAsDropped(String policy) throws Exception {
        QueuePolicy queuePolicy = QueuePolicy.valueOf(policy);
        ChannelId channel = new ChannelId("producer", "out");
        Inbox inbox = subscribe(channel, new Waiter(), new InputOptions(8, queuePolicy)).get(0);
        assertThat(inbox.reader().queuePolicy()).as("%s: policy", inbox.name()).isEqualTo(queuePolicy);
        OutputWriter writer = transport.createOutput(channel);
        for (long seq = 0; seq < 5; seq++) {
            sendSeq(writer, allocator, seq);
        }
        for (long seq = 0; seq < 2; seq++) {
            assertThat(seqOf(inbox.take(WAIT))).as("%s: message", inbox.name()).isEqualTo(seq);
        }
        inbox.close();
        assertThat(inbox.reader().droppedCount()).as("%s: dropped after closing with 3 unread", inbox.name())
                .isEqualTo(3);
        inbox.close();
        assertThat(inbox.reader().droppedCount()).as("%s: dropped after a second close", inbox.name()).isEqualTo(3);
        writer.close();

        if (queuePolicy == QueuePolicy.DROP_OLDEST) {
            ChannelId behind = new ChannelId("fast_producer", "out");
            Inbox never = subscribe(behind, new Waiter(), lossy(4)).get(0);
            OutputWriter fast = transport.createOutput(behind);
            for (long seq = 0; seq < 10; seq++) {
                sendSeq(fast, allocator, seq);
            }
            never.close();
            assertThat(never.reader().droppedCount()).as("%s: 10 sent, none read, then closed", never.name())
                    .isEqualTo(10);
            fast.close();
        }
    }

    /**
     * DESIGN.md §2 rule 2, through a node's event stream over this transport: on {@code Stop(MANUAL)} the node first
     * gets what is queued on its {@code backpressure} input, then {@code Stop}; what its {@code drop_oldest} input
     * still holds is discarded and counted as dropped.
     */
    @Test
    @Timeout(30)
    public void stopManualDeliversWhatIsQueuedOnBackpressureInputsAndCountsTheRest() throws Exception {
        ChannelId lossless = new ChannelId("producer", "lossless");
        ChannelId lossyChannel = new ChannelId("producer", "lossy");
        WakeSignal signal = new WakeSignal();
        InputReader backpressure = subscribeOne(lossless, "consumer/bp", lossless(10), signal);
        InputReader dropOldest = subscribeOne(lossyChannel, "consumer/lossy", lossy(10), signal);
        OutputWriter losslessWriter = transport.createOutput(lossless);
        OutputWriter lossyWriter = transport.createOutput(lossyChannel);
        for (long seq = 0; seq < 5; seq++) {
            sendSeq(losslessWriter, allocator, seq);
            sendSeq(lossyWriter, allocator, 100 + seq);
        }
        NodeContext context = new NodeContext("consumer", List.of(
                new BoundInput("bp", "producer", false, backpressure, Optional.empty()),
                new BoundInput("lossy", "producer", false, dropOldest, Optional.empty())),
                Map.of(), allocator, StartBarrier.open(), signal);
        try (Node node = NodeContexts.open(context)) {
            context.deliver(new Event.Stop(StopCause.MANUAL));
            List<String> events = new ArrayList<>();
            while (!node.isEndOfStream()) {
                Event event = node.next(WAIT).orElseThrow(() -> new AssertionError(
                        "no event within " + WAIT + " after Stop(MANUAL); so far " + events));
                events.add(event instanceof Event.Input in
                        ? "Input(" + in.id() + ")=" + Data.toLongs(in.data())[0]
                        : event.toString());
            }
            assertThat(events).containsExactly("Input(bp)=0", "Input(bp)=1", "Input(bp)=2", "Input(bp)=3",
                    "Input(bp)=4", new Event.Stop(StopCause.MANUAL).toString());
            assertThat(node.droppedCount("bp")).as("dropped on the backpressure input").isZero();
            assertThat(node.droppedCount("lossy")).as("dropped on the drop_oldest input").isEqualTo(5);
        }
        losslessWriter.close();
        lossyWriter.close();
    }

    private InputReader subscribeOne(ChannelId channel, String subscriberId, InputOptions options,
                                     WakeSignal signal) {
        transport.declare(channel, List.of(new Subscriber(subscriberId, options)));
        return transport.subscribe(channel, subscriberId, options, signal::wake);
    }

    private List<Inbox> subscribe(ChannelId channel, Waiter waiter, InputOptions... options) {
        return subscribe(channel, waiter, allocator, options);
    }

    /** Declares {@code channel} with one subscriber per options, then subscribes them all, polling into {@code to}. */
    private List<Inbox> subscribe(ChannelId channel, Waiter waiter, BufferAllocator to, InputOptions... options) {
        List<Subscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < options.length; i++) {
            subscribers.add(new Subscriber("consumer" + i + "/in", options[i]));
        }
        transport.declare(channel, List.copyOf(subscribers));
        List<Inbox> inboxes = new ArrayList<>();
        for (Subscriber subscriber : subscribers) {
            InputReader reader = transport.subscribe(channel, subscriber.subscriberId(), subscriber.options(),
                    waiter.onAvailable());
            inboxes.add(new Inbox(channel + " -> " + subscriber.subscriberId(), reader, waiter, to));
        }
        return inboxes;
    }

    /** Sends messages {@code 0 .. count-1} on a kit thread, then closes the writer. */
    private Worker startWriter(String name, OutputWriter writer, long count) {
        return threads.start(name, () -> {
            for (long seq = 0; seq < count; seq++) {
                sendSeq(writer, allocator, seq);
            }
            writer.close();
        });
    }

    private void sendBytes(OutputWriter writer, byte[] bytes) throws InterruptedException {
        try (UInt1Vector data = Data.bytes(allocator, bytes)) {
            writer.send(data, Metadata.of(Timestamp.ZERO));
        }
    }

    private static InputOptions lossless(int queueSize) {
        return new InputOptions(queueSize, QueuePolicy.BACKPRESSURE);
    }

    private static InputOptions lossy(int queueSize) {
        return new InputOptions(queueSize, QueuePolicy.DROP_OLDEST);
    }

    private static State ended() {
        return new State.Ended();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().collect(Collectors.toList());
    }
}

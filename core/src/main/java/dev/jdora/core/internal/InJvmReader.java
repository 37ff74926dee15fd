package dev.jdora.core.internal;

import dev.jdora.core.Metadata;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.Received;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.jspecify.annotations.Nullable;

/**
 * One input's bounded queue in the {@link InJvmTransport}. The writer thread offers (blocking only for
 * {@code BACKPRESSURE}); the node's consumer thread polls. Each message is a read-only view of the writer's one copy;
 * {@code poll} lends it and closes it at the next {@code poll}, {@code release} or {@code close} (closing a view whose
 * buffers were transferred out releases nothing).
 */
final class InJvmReader implements InputReader {

    private record Entry(FieldVector data, Metadata metadata, long arrivalNanos) {
    }

    private final InputOptions options;
    private final Runnable onAvailable;
    private final Consumer<InJvmReader> onClose;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Entry> queue;
    private @Nullable State end;
    private boolean closed;
    private long dropped;
    /** Touched by the consuming thread, and by {@code close} under the lock. */
    private final Received lent = new Received();
    private @Nullable FieldVector lentData;

    InJvmReader(InputOptions options, Runnable onAvailable, Consumer<InJvmReader> onClose) {
        this.options = options;
        this.onAvailable = onAvailable;
        this.onClose = onClose;
        this.queue = new ArrayDeque<>(Math.min(options.queueSize(), 1024));
    }

    /** Queues {@code data} (taking ownership), applying the queue policy. */
    void offer(FieldVector data, Metadata metadata) throws InterruptedException {
        lock.lock();
        try {
            if (options.queuePolicy() == QueuePolicy.BACKPRESSURE) {
                while (queue.size() >= options.queueSize() && !closed) {
                    notFull.await();
                }
            }
            if (closed) {
                data.close();
                return;
            }
            if (queue.size() >= options.queueSize()) {
                queue.poll().data().close();
                dropped++;
            }
            queue.add(new Entry(data, metadata, System.nanoTime()));
        } catch (InterruptedException | RuntimeException e) {
            data.close();
            throw e;
        } finally {
            lock.unlock();
        }
        onAvailable.run();
    }

    void end(State state) {
        lock.lock();
        try {
            end = state;
        } finally {
            lock.unlock();
        }
        onAvailable.run();
    }

    @Override
    public @Nullable Received poll(BufferAllocator allocator) {
        lock.lock();
        try {
            releaseLocked();
            Entry entry = queue.poll();
            if (entry == null) {
                return null;
            }
            notFull.signal();
            lentData = entry.data();
            lent.set(entry.data(), entry.metadata());
            return lent;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void release() {
        lock.lock();
        try {
            releaseLocked();
        } finally {
            lock.unlock();
        }
    }

    private void releaseLocked() {
        FieldVector d = lentData;
        if (d != null) {
            lentData = null;
            d.close();
        }
    }

    @Override
    public long oldestArrivalNanos() {
        lock.lock();
        try {
            Entry head = queue.peek();
            return head == null ? NO_MESSAGE : head.arrivalNanos();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public State state() {
        lock.lock();
        try {
            State e = end;
            return queue.isEmpty() && e != null ? e : new State.Open();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public QueuePolicy queuePolicy() {
        return options.queuePolicy();
    }

    @Override
    public long droppedCount() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            releaseLocked();
            Entry e;
            while ((e = queue.poll()) != null) {
                e.data().close();
                dropped++;
            }
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        onClose.accept(this);
    }
}

package dev.jdora.testkit;

import dev.jdora.core.Event;
import dev.jdora.core.HybridLogicalClock;
import dev.jdora.core.Node;
import dev.jdora.core.OutputBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ValueVector;

/**
 * The {@link Node} handed to a test that drives the node itself: the core node, plus what the runtime does when a node
 * ends: closing it ends its outputs, so captured output streams complete.
 */
final class HarnessNode implements Node {

    private final Node delegate;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    HarnessNode(Node delegate, Runnable onClose) {
        this.delegate = delegate;
        this.onClose = onClose;
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public List<String> args() {
        return delegate.args();
    }

    @Override
    public Map<String, String> env() {
        return delegate.env();
    }

    @Override
    public Set<String> inputIds() {
        return delegate.inputIds();
    }

    @Override
    public Set<String> outputIds() {
        return delegate.outputIds();
    }

    @Override
    public void send(String outputId, ValueVector data, Map<String, Object> parameters) {
        delegate.send(outputId, data, parameters);
    }

    @Override
    public OutputBuffer allocate(String outputId, long length) {
        return delegate.allocate(outputId, length);
    }

    @Override
    public Optional<Event> next() {
        return delegate.next();
    }

    @Override
    public Optional<Event> next(Duration timeout) {
        return delegate.next(timeout);
    }

    @Override
    public boolean isEndOfStream() {
        return delegate.isEndOfStream();
    }

    @Override
    public Iterator<Event> iterator() {
        return delegate.iterator();
    }

    @Override
    public long droppedCount(String inputId) {
        return delegate.droppedCount(inputId);
    }

    @Override
    public BufferAllocator allocator() {
        return delegate.allocator();
    }

    @Override
    public HybridLogicalClock clock() {
        return delegate.clock();
    }

    @Override
    public void stopAll() {
        delegate.stopAll();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            delegate.close();
            onClose.run();
        }
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}

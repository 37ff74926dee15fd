package dev.jdora.testkit;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Leak checks for tests: Arrow memory and stray threads.
 *
 * <p>As a JUnit extension it gives each test method a fresh checked allocator, and fails the test if anything is
 * still allocated from it when the test ends (the allocator is then closed):
 * <pre>{@code
 * @ExtendWith(LeakChecks.class)
 * class MyNodeTest {
 *     @Test
 *     void buildsVectors(BufferAllocator allocator) {
 *         try (var v = Data.longs(allocator, 1, 2, 3)) { ... }
 *     }
 * }
 * }</pre>
 * The static methods work without the extension. All methods are thread-safe; {@link #assertNoThreads} blocks up to
 * its timeout.
 */
public final class LeakChecks implements ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LeakChecks.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == BufferAllocator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return extension.getStore(NAMESPACE).getOrComputeIfAbsent("allocator",
                key -> new RootAllocator(), BufferAllocator.class);
    }

    @Override
    public void afterEach(ExtensionContext extension) {
        BufferAllocator allocator = extension.getStore(NAMESPACE).remove("allocator", BufferAllocator.class);
        if (allocator != null) {
            assertNoLeaks(allocator);
        }
    }

    /**
     * Closes {@code allocator} if nothing is allocated from it (or from its children) any more.
     *
     * @throws AssertionError naming the outstanding bytes, with {@link BufferAllocator#toVerboseString()}; the
     *                        allocator is then left open so the leaked buffers stay valid
     */
    public static void assertNoLeaks(BufferAllocator allocator) {
        long outstanding = allocator.getAllocatedMemory();
        if (outstanding != 0) {
            throw new AssertionError("Arrow memory leaked: " + outstanding + " bytes still allocated from '"
                    + allocator.getName() + "'\n" + allocator.toVerboseString());
        }
        allocator.getChildAllocators().forEach(BufferAllocator::close);
        allocator.close();
    }

    /**
     * Waits until no live thread's name starts with {@code prefix}, joining each one until the deadline (no sleeps).
     *
     * @throws AssertionError naming the threads still alive after {@code timeout}
     */
    public static void assertNoThreads(String prefix, Duration timeout) {
        long deadline = Joins.deadline(timeout.toNanos());
        List<Thread> alive = threadsNamed(prefix);
        while (!alive.isEmpty() && deadline - System.nanoTime() > 0) {
            alive.forEach(t -> Joins.join(t, deadline));
            alive = threadsNamed(prefix);
        }
        if (!alive.isEmpty()) {
            throw new AssertionError("threads starting with '" + prefix + "' still alive after " + timeout + ": "
                    + alive.stream().map(Thread::getName).collect(Collectors.joining(", ")));
        }
    }

    private static List<Thread> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix) && t != Thread.currentThread())
                .collect(Collectors.toList());
    }
}

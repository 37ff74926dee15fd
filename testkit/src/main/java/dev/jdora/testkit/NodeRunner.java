package dev.jdora.testkit;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import dev.jdora.core.StopCause;
import dev.jdora.core.internal.NodeContext;
import dev.jdora.core.internal.NodeContexts;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Runs the code under test once, in one of the harness's ways, and records how it ended. The node thread has the
 * {@link NodeContext} bound, so {@code Node.fromEnv()} works there; when the code ends, the node's outputs are ended
 * (closed, or failed if it threw), as the runtime does.
 */
final class NodeRunner {

    /** The body of a node thread. */
    @FunctionalInterface
    interface Body {
        void run() throws Throwable;
    }

    private final HarnessWiring wiring;
    private final HarnessThreads threads;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile @Nullable Thread thread;
    private volatile @Nullable NodeOutcome outcome;
    private volatile @Nullable Node testNode;

    NodeRunner(HarnessWiring wiring, HarnessThreads threads) {
        this.wiring = wiring;
        this.threads = threads;
    }

    private NodeContext context() {
        return wiring.context();
    }

    void start(NodeMain main) {
        runOnNodeThread(() -> {
            try (Node node = NodeContexts.open(context())) {
                main.run(node);
            }
        });
    }

    void startMain(Class<?> mainClass, String... args) {
        Method main = mainMethod(mainClass);
        String[] copy = args.clone();
        runOnNodeThread(() -> {
            try {
                main.invoke(null, (Object) copy);
            } catch (InvocationTargetException e) {
                throw e.getCause() == null ? e : e.getCause();
            }
        });
    }

    void host(OperatorHost host) {
        runOnNodeThread(() -> host.run(NodeContexts.open(context())));
    }

    /** Opens the node for the test to drive; its outputs end when the returned node is closed. */
    Node openForTest() {
        claim();
        Node node = new HarnessNode(NodeContexts.open(context()), () -> finish(null));
        testNode = node;
        return node;
    }

    /** Closes the node handed out by {@link #openForTest()} if the test did not. */
    void closeTestNode() {
        Node node = testNode;
        if (node != null) {
            node.close();
        }
    }

    private static Method mainMethod(Class<?> mainClass) {
        try {
            Method main = mainClass.getMethod("main", String[].class);
            if (!Modifier.isStatic(main.getModifiers())) {
                throw new IllegalArgumentException(mainClass.getName() + ".main(String[]) is not static");
            }
            main.setAccessible(true);
            return main;
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(mainClass.getName() + " has no public static void main(String[])", e);
        }
    }

    private void claim() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("node '" + context().nodeId()
                    + "': the harness already runs this node; start it once per harness");
        }
    }

    private void runOnNodeThread(Body body) {
        claim();
        thread = threads.start("", () -> {
            NodeContexts.bind(context());
            Throwable failure = null;
            try {
                body.run();
            } catch (Throwable t) {
                failure = t;
            } finally {
                NodeContexts.unbind();
                finish(failure);
            }
        });
    }

    private void finish(@Nullable Throwable failure) {
        outcome = failure == null ? new NodeOutcome.Completed() : new NodeOutcome.Failed(failure);
        wiring.endOutputs(failure);
    }

    /** Joins the node thread until {@code timeout}; {@code Running} if it is still alive (or never started). */
    NodeOutcome await(Duration timeout) {
        Thread t = thread;
        if (t != null) {
            Joins.join(t, Joins.deadline(timeout.toNanos()));
        }
        NodeOutcome o = outcome;
        return o == null || (t != null && t.isAlive()) ? new NodeOutcome.Running() : o;
    }

    boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** Asks the node to stop: {@code Stop(MANUAL)} ahead of queued inputs. */
    void stop() {
        context().deliver(new Event.Stop(StopCause.MANUAL));
    }

    /**
     * Stops a node thread still running: {@code Stop}, then after {@code grace} an interrupt, then {@code grace} more.
     * Returns whether it has ended.
     */
    boolean stopAndJoin(Duration grace) {
        Thread t = thread;
        if (t == null || !t.isAlive()) {
            return true;
        }
        stop();
        if (Joins.join(t, Joins.deadline(grace.toNanos()))) {
            return true;
        }
        t.interrupt();
        return Joins.join(t, Joins.deadline(grace.toNanos()));
    }
}

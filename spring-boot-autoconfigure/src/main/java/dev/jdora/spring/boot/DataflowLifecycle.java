package dev.jdora.spring.boot;

import dev.jdora.runtime.DataflowRun;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the application's dataflow with the context and stops it with the context: {@code Stop} to every node, the
 * grace period, then the ladder (interrupt or SIGTERM, then forced). Its phase puts the stop before the web server's
 * graceful shutdown, so streams fed by the dataflow (server-sent events, say) end and the shutdown does not wait for
 * them; Spring's shutdown waits for the run to end ({@code spring.lifecycle.timeout-per-shutdown-phase}, 30 s by
 * default, must exceed 1.5 × {@code jdora.grace}).
 */
final class DataflowLifecycle implements SmartLifecycle {

    /** After the web server has started; stopped before its graceful shutdown ({@code DEFAULT_PHASE - 1024}). */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;
    private static final Logger LOG = LoggerFactory.getLogger(DataflowLifecycle.class);

    private final ApplicationDataflow dataflow;
    private volatile boolean running;

    DataflowLifecycle(ApplicationDataflow dataflow) {
        this.dataflow = dataflow;
    }

    @Override
    public void start() {
        dataflow.startRun();
        running = true;
    }

    @Override
    public void stop() {
        stop(() -> { });
    }

    @Override
    public void stop(Runnable callback) {
        Optional<DataflowRun> run = dataflow.current();
        if (run.isEmpty()) {
            running = false;
            callback.run();
            return;
        }
        dataflow.stop();
        Thread waiter = new Thread(() -> {
            try {
                run.get().await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("jdora: interrupted while waiting for run {} to end", run.get().id());
            } finally {
                running = false;
                callback.run();
            }
        }, "jdora-stop-" + run.get().id());
        waiter.setDaemon(true);
        waiter.start();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}

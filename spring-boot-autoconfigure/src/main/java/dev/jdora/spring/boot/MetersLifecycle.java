package dev.jdora.spring.boot;

import dev.jdora.micrometer.JdoraMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Registers jdora's meters ({@link JdoraMetrics}) in the application's {@link MeterRegistry} once the dataflow has
 * started (its phase comes right after {@link DataflowLifecycle}'s), and removes them when the context is destroyed,
 * after the run has ended, so the meters show the run's last values while it stops. Nothing without a registry, or
 * when there is nothing to meter. Called by Spring on the thread that starts and closes the context.
 */
final class MetersLifecycle implements SmartLifecycle, DisposableBean {

    private final Supplier<Optional<JdoraMetrics>> meters;
    private final ObjectProvider<MeterRegistry> registry;
    private JdoraMetrics.@Nullable Binding binding;
    private volatile boolean running;

    /** @param meters what to meter, asked once at start (empty: nothing to meter) */
    MetersLifecycle(Supplier<Optional<JdoraMetrics>> meters, ObjectProvider<MeterRegistry> registry) {
        this.meters = meters;
        this.registry = registry;
    }

    @Override
    public synchronized void start() {
        running = true;
        if (binding == null) {
            MeterRegistry r = registry.getIfAvailable();
            if (r != null) {
                binding = meters.get().map(m -> m.bind(r)).orElse(null);
            }
        }
    }

    /** The meters stay until the context is destroyed: a stopped run's last values are still worth reading. */
    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return DataflowLifecycle.PHASE + 1;
    }

    @Override
    public synchronized void destroy() {
        if (binding != null) {
            binding.close();
            binding = null;
        }
    }
}

package dev.jdora.runtime.internal;

/**
 * The last party of a run's start barrier, opened from outside the run: a machine of a dataflow that spans several
 * machines opens its barrier only when every machine is ready. Without a gate (the default) the barrier opens when
 * every node reads its events.
 */
@FunctionalInterface
public interface StartGate {

    /**
     * Every node of this run reads its events (or has ended). Called once, on a runtime thread; must not block.
     *
     * @param open opens the barrier; call it once, from any thread
     */
    void nodesReady(Runnable open);
}

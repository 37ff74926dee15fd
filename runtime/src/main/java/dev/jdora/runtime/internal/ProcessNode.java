package dev.jdora.runtime.internal;

import dev.jdora.core.StopCause;
import dev.jdora.core.internal.process.ControlMessage;
import dev.jdora.core.internal.process.NodeConfig;
import dev.jdora.core.transport.Transport;
import dev.jdora.runtime.NodeResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node running as a child process. Its stdout and stderr are pumped into its {@link NodeLog}; its lifecycle goes
 * over the control channel ({@code STOP}), then signals: SIGTERM ({@link #escalate}) and SIGKILL ({@link #forceEnd}).
 * When the process exits — however — the daemon ends the node's output channels on its behalf (as a failure if it
 * failed, so downstream sees {@code NodeFailed} first) and forgets its subscriptions.
 *
 * <p><b>Restarts</b> ({@link NodeSupervision}): when the process ends and its {@code restart_policy} grants a restart,
 * its channels stay open instead — its readers keep their place ({@code Transport#subscriberRestarting}), its outputs
 * continue where they were — and after the policy's delay a new process is started with a new secret; the nodes
 * downstream get {@code NodeRestarted}. The node is reported ended only when its process ends and no restart follows
 * (or the run stops meanwhile). {@code startup_timeout} kills a process that has not connected in time, and
 * {@code health_check_timeout} one that is stuck (once that process has begun to read its events); both count as
 * failures. A stop that comes while a restart is pending cancels it, also when it races with the process's exit.
 */
final class ProcessNode implements ControlledNode {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessNode.class);
    private static final long PUMP_SILENCE_MILLIS = 1000;
    private static final java.time.Duration HEALTH_PERIOD = java.time.Duration.ofSeconds(1);
    /**
     * Variables of jdora's own environment a node does not inherit: the cluster secret a daemon runs with
     * ({@code JDORA_TOKEN}), which no node needs. A node's own {@code env:} may still set them.
     */
    static final List<String> NOT_INHERITED = List.of("JDORA_TOKEN");

    private final NodeConfig config;
    private final List<String> command;
    private final Map<String, String> environment;
    private final NodeSupervision supervision;
    /** Which process of the node this is (1 for the first); guards timers meant for an earlier one. */
    private volatile int incarnation;
    /** Between the end of a process and the start of the next (under this object's lock). */
    private boolean restarting;
    private Optional<String> lastError = Optional.empty();
    private final Path workingDirectory;
    private final NodeLog log;
    private final Transport transport;
    private final NodeProcessChannels channels;
    private final Consumer<NodeResult> onEnd;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile @Nullable Process process;
    private volatile ControlServer.@Nullable Connection connection;
    private volatile boolean subscribed;
    private final AtomicBoolean reading = new AtomicBoolean();
    /**
     * The current process said {@code READING} (reset at each launch): until then {@code health_check_timeout} does
     * not apply, as a restarted process may take its time to start before it reads.
     */
    private volatile boolean processReading;
    private volatile boolean started;
    private volatile boolean stopRequested;
    private volatile boolean finished;
    private volatile boolean signalled;
    private volatile @Nullable String failureReason;
    private final Thread[] pumps = new Thread[2];
    /** Pumps inside {@link NodeLog#write} (which may send a line, {@code send_stdout_as}), and their last progress. */
    private final AtomicInteger pumpsWriting = new AtomicInteger();
    private volatile long pumpProgressNanos = Long.MIN_VALUE;

    ProcessNode(NodeConfig config, List<String> command, Map<String, String> environment, Path workingDirectory,
                NodeLog log, Transport transport, Consumer<NodeResult> onEnd, NodeSupervision supervision) {
        this.config = config;
        this.command = List.copyOf(command);
        this.environment = new java.util.HashMap<>(environment);
        this.supervision = supervision;
        this.workingDirectory = workingDirectory;
        this.log = log;
        this.transport = transport;
        this.channels = new NodeProcessChannels(config, transport);
        this.onEnd = onEnd;
    }

    @Override
    public String nodeId() {
        return config.nodeId();
    }

    @Override
    public void start() {
        launch();
        supervision.spec().healthCheckTimeout().ifPresent(timeout -> supervision.every(
                timeout.dividedBy(4).compareTo(HEALTH_PERIOD) < 0 ? timeout.dividedBy(4) : HEALTH_PERIOD,
                this::checkHealth));
    }

    private void launch() {
        int generation = ++incarnation;
        processReading = false;
        supervision.spec().startupTimeout().ifPresent(timeout -> supervision.schedule(
                () -> checkConnected(generation, timeout), timeout));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().keySet().removeAll(NOT_INHERITED);
        builder.environment().putAll(environment);
        Process started;
        try {
            started = builder.start();
        } catch (IOException e) {
            System.err.println("jdora: node '" + nodeId() + "' could not be started: " + e.getMessage());
            finish(Optional.of("could not be started: " + e.getMessage()));
            return;
        }
        process = started;
        pumps[0] = pump(started.getInputStream(), false);
        pumps[1] = pump(started.getErrorStream(), true);
        started.onExit().thenAcceptAsync(p -> exited(p.exitValue()), task -> {
            Thread t = new Thread(task, "jdora-exit-" + nodeId());
            t.setDaemon(true);
            t.start();
        });
    }

    private Thread pump(InputStream stream, boolean stderr) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (stream) {
                int n;
                while ((n = stream.read(buffer)) > 0) {
                    pumpsWriting.incrementAndGet();
                    try {
                        log.write(stderr, buffer, 0, n);
                    } finally {
                        pumpsWriting.decrementAndGet();
                        pumpProgressNanos = System.nanoTime();
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, "jdora-log-" + nodeId() + (stderr ? "-err" : "-out"));
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public boolean connected(ControlServer.Connection c) {
        connection = c;
        if (started) {
            c.send(new ControlMessage.DaemonToNode.Start());
        }
        if (stopRequested) {
            c.send(new ControlMessage.DaemonToNode.Stop(StopCause.MANUAL));
        }
        return true;
    }

    @Override
    public void markSubscribed() {
        subscribed = true;
    }

    @Override
    public boolean markReading() {
        processReading = true;
        return reading.compareAndSet(false, true);
    }

    @Override
    public void startEvents() {
        started = true;
        ControlServer.Connection c = connection;
        if (c != null) {
            c.send(new ControlMessage.DaemonToNode.Start());
        }
    }

    @Override
    public boolean hasSubscribed() {
        return subscribed;
    }

    @Override
    public boolean isReading() {
        return reading.get();
    }

    @Override
    public boolean isAlive() {
        return !ended.get();
    }

    @Override
    public void stop() {
        stopRequested = true;
        if (cancelRestart()) {
            return;
        }
        ControlServer.Connection c = connection;
        if (c != null) {
            c.send(new ControlMessage.DaemonToNode.Stop(StopCause.MANUAL));
        }
    }

    @Override
    public void upstreamRestarted(String sourceNodeId) {
        ControlServer.Connection c = connection;
        if (c != null) {
            c.send(new ControlMessage.DaemonToNode.NodeRestarted(sourceNodeId));
        }
    }

    @Override
    public void reload(Optional<String> operatorId) {
        ControlServer.Connection c = connection;
        if (c != null) {
            c.send(new ControlMessage.DaemonToNode.Reload(operatorId));
        }
    }

    /**
     * The node said its program returned normally ({@code FINISHED}): from now on a signal of ours ends a process that
     * is exiting, not a running node, and does not make the node a failure.
     */
    @Override
    public void markFinished() {
        finished = true;
    }

    @Override
    public boolean hasFinished() {
        return finished;
    }

    @Override
    public void escalate(String reason) {
        if (cancelRestart()) {
            return;
        }
        if (!finished) {
            failureReason = reason + "; sent SIGTERM";
        }
        signal(false);
    }

    @Override
    public void forceEnd(String reason) {
        log.abortStdoutOutput(reason); // a pump may wait inside the log to send a printed line
        if (cancelRestart()) {
            return;
        }
        if (!finished) {
            failureReason = reason + "; sent SIGKILL";
        }
        if (!signal(true)) {
            finish(Optional.of(reason));
        }
    }

    /**
     * Sends SIGTERM (or SIGKILL) to the process and its descendants (a script's JVM node, too) through their process
     * handles: unlike {@link Process#destroy()}, that leaves the pipes open, so the node keeps its standard input (its
     * parent watch does not take the closed pipe for a dead daemon) and what it prints while it shuts down still
     * reaches its log. False if the process was never started.
     */
    private boolean signal(boolean kill) {
        Process p = process;
        if (p == null) {
            return false;
        }
        signalled = true;
        ProcessHandle handle = p.toHandle();
        handle.descendants().forEach(kill ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
        if (kill) {
            handle.destroyForcibly();
        } else {
            handle.destroy();
        }
        return true;
    }

    private void exited(int exitCode) {
        String reason = failureReason;
        boolean clean = exitCode == 0 || finished && signalled;
        Optional<String> error = reason != null ? Optional.of(reason + " (exit code " + exitCode + ")")
                : clean ? Optional.empty() : Optional.of(describeExit(exitCode));
        if (!stopRequested) {
            Optional<java.time.Duration> delay = supervision.restartAfter(error.isPresent());
            if (delay.isPresent()) {
                restartLater(error, delay.get());
                return;
            }
            if (supervision.spec().restarts() && supervision.restarts() > 0) {
                error = error.map(e -> e + "; not restarted again " + supervision.exhausted());
            }
        }
        channels.endOutputs(error); // first: downstream must learn at once, before the log is drained
        channels.forgetReaders(); // and upstream writers must stop waiting for this reader
        drainPumps();
        finish(error);
    }

    /**
     * Waits until the pumps have read the rest of the node's output: until they end (the pipes closed), or stay silent
     * for {@value #PUMP_SILENCE_MILLIS} ms (a process the node started may hold a pipe open). A pump still writing
     * (sending a printed line, which may wait for a reader) is waited for, so no printed line is cut off.
     */
    private void drainPumps() {
        long exit = System.nanoTime();
        long silence = TimeUnit.MILLISECONDS.toNanos(PUMP_SILENCE_MILLIS);
        try {
            for (Thread pump : pumps) {
                while (pump != null && pump.isAlive() && (pumpsWriting.get() > 0
                        || System.nanoTime() - Math.max(exit, pumpProgressNanos) < silence)) {
                    pump.join(PUMP_SILENCE_MILLIS / 10);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The process ended and will be started again after {@code delay}: its readers keep their place, its outputs stay
     * open, and nothing is reported ended.
     */
    private void restartLater(Optional<String> error, java.time.Duration delay) {
        synchronized (this) {
            restarting = true;
            lastError = error;
        }
        if (stopRequested) {
            // stop() ran after exited() read stopRequested, maybe before restarting was set: no restart (unless the
            // stop cancelled it already, this ends the node as its process did)
            drainPumps();
            cancelRestart();
            return;
        }
        channels.keepReaderPlaces();
        ControlServer.Connection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
        drainPumps();
        LOG.warn("node '{}' {}; restarting it{} (restart {})", nodeId(), error.orElse("exited"),
                delay.isZero() ? "" : String.format(java.util.Locale.ROOT, " in %.1f s", delay.toMillis() / 1000.0),
                supervision.restarts());
        supervision.schedule(this::relaunch, delay);
    }

    private void relaunch() {
        Optional<String> error;
        boolean stopped;
        synchronized (this) {
            if (!restarting) {
                return; // stopped meanwhile
            }
            restarting = false;
            error = lastError;
            stopped = stopRequested;
            if (!stopped) {
                finished = false;
                signalled = false;
                failureReason = null;
                supervision.renew(environment);
            }
        }
        if (stopped) {
            // a stop() between exited() reading stopRequested and restartLater() setting restarting found no restart
            // to cancel: it is cancelled here, and the node ends as its last process did
            finish(error);
            return;
        }
        supervision.restarted();
        launch();
    }

    /** The run stops (or kills) while the node waits to be restarted: it ends as its last process did. */
    private boolean cancelRestart() {
        Optional<String> error;
        synchronized (this) {
            if (!restarting) {
                return false;
            }
            restarting = false;
            error = lastError;
        }
        finish(error);
        return true;
    }

    /** Restarts granted so far. */
    int restarts() {
        return supervision.restarts();
    }

    /** {@code startup_timeout}: kills process {@code generation} if it has not connected by now. */
    private void checkConnected(int generation, java.time.Duration timeout) {
        if (generation == incarnation && connection == null && !ended.get() && !stopRequested) {
            synchronized (this) {
                if (restarting) {
                    return;
                }
            }
            failureReason = "did not connect within its startup_timeout of " + seconds(timeout);
            LOG.warn("node '{}' {}; killing it", nodeId(), failureReason);
            signal(true);
        }
    }

    /** {@code health_check_timeout}: kills the process if it read nothing for that long while messages waited. */
    private void checkHealth() {
        if (!started || connection == null || !processReading || ended.get() || stopRequested || signalled) {
            return;
        }
        long progress = 0;
        boolean waiting = false;
        for (NodeConfig.Input input : config.inputs()) {
            long position = transport.readPosition(input.channel(), config.subscriberId(input));
            long sent = transport.messagesSent(input.channel());
            progress += Math.max(0, position);
            waiting |= position >= 0 && sent > position;
        }
        if (supervision.stuck(progress, waiting)) {
            java.time.Duration timeout = supervision.spec().healthCheckTimeout().orElseThrow();
            failureReason = "is stuck: it read no event for " + seconds(timeout) + " while messages waited for it"
                    + " (health_check_timeout)";
            LOG.warn("node '{}' {}; killing it", nodeId(), failureReason);
            signal(true);
        }
    }

    private static String seconds(java.time.Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String describeExit(int exitCode) {
        if (exitCode > 128 && exitCode < 160) {
            int signal = exitCode - 128;
            String name = switch (signal) {
                case 9 -> "SIGKILL";
                case 15 -> "SIGTERM";
                case 6 -> "SIGABRT";
                case 11 -> "SIGSEGV";
                default -> "signal " + signal;
            };
            return "exited with code " + exitCode + " (killed by " + name + ")";
        }
        return "exited with code " + exitCode;
    }

    private void finish(Optional<String> error) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        channels.endOutputs(error);
        Map<String, Long> dropped = channels.dropped();
        channels.forgetReaders();
        log.close(error);
        ControlServer.Connection c = connection;
        if (c != null) {
            c.close();
        }
        LOG.debug("node '{}' ended: {}", nodeId(), error.orElse("ok"));
        onEnd.accept(new NodeResult(nodeId(), error.isPresent(), error, dropped, log.lastLines(),
                supervision.restarts()));
    }

}

package dev.jdora.runtime.internal;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.DataflowException;
import dev.jdora.core.dataflow.Problem;
import dev.jdora.core.dataflow.SourceLocation;
import dev.jdora.core.transport.TransportProvider;
import dev.jdora.runtime.NodeBeans;
import dev.jdora.runtime.RunOptions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.ServiceLoader;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/** Prepares and starts a {@link LocalRun}: resolves every node program and the transport first. */
public final class Launcher {

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private Launcher() {
    }

    /**
     * Starts {@code dataflow}; throws with every problem found if it cannot run. Before the first run of node JVMs
     * with this jdora build and JDK, builds their class-data archive ({@link NodeClassArchive}: a few seconds, once).
     */
    public static LocalRun start(Dataflow dataflow, RunOptions options) throws DataflowException {
        return start(dataflow, options, NodeBeans.NONE, null);
    }

    /** Starts {@code dataflow}, its {@code bean:} nodes' programs taken from {@code beans}. */
    public static LocalRun start(Dataflow dataflow, RunOptions options, NodeBeans beans) throws DataflowException {
        return start(dataflow, options, beans, null);
    }

    /** Starts {@code dataflow}, its {@code bean:} nodes' programs taken from {@code beans}, behind {@code gate}. */
    public static LocalRun startGated(Dataflow dataflow, RunOptions options, NodeBeans beans, StartGate gate)
            throws DataflowException {
        return start(dataflow, options, beans, null, gate);
    }

    /** Starts {@code dataflow} with {@code sharing} for its node JVMs, or the archive's when null. */
    static LocalRun start(Dataflow dataflow, RunOptions options, @Nullable NodeClassSharing sharing)
            throws DataflowException {
        return start(dataflow, options, NodeBeans.NONE, sharing);
    }

    private static LocalRun start(Dataflow dataflow, RunOptions options, NodeBeans beans,
                                  @Nullable NodeClassSharing sharing) throws DataflowException {
        return start(dataflow, options, beans, sharing, null);
    }

    private static LocalRun start(Dataflow dataflow, RunOptions options, NodeBeans beans,
                                  @Nullable NodeClassSharing sharing, @Nullable StartGate gate)
            throws DataflowException {
        List<Problem> problems = new ArrayList<>();
        TransportProvider provider = findTransport(options.transport(), dataflow, problems);
        ProgramResolver resolver = new ProgramResolver(dataflow, options.classpath(), crossProcess(provider), beans);
        Map<String, NodeProgram> programs = resolver.resolveAll();
        problems.addAll(resolver.problems());
        Dataflow flat = OperatorNodes.flatten(dataflow);
        problems.addAll(openFilesProblems(provider, flat));
        if (!problems.isEmpty()) {
            throw new DataflowException(problems);
        }
        String runId = LocalDateTime.now().format(RUN_ID) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        if (sharing == null) {
            sharing = provider.crossProcess() && programs.values().stream().anyMatch(Launcher::runsOnJdoraClasspath)
                    ? NodeClassArchive.prepare(ProcessLauncher.baseClasspath(), ProcessLauncher.nodeJvmOptions(),
                            provider.name(), System.getenv())
                    : NodeClassSharing.NONE;
        }
        LocalRun run = new LocalRun(runId, flat, programs, options, provider, sharing, gate);
        run.start();
        return run;
    }

    /**
     * What {@link #start} would refuse, found the same way but without starting or loading anything that outlives
     * the call: the transport, every {@code class:} (loaded, not initialized), every {@code path:}, and the open
     * files the dataflow needs. Blocks on file I/O.
     */
    public static List<Problem> check(Dataflow dataflow, RunOptions options) {
        return check(dataflow, options, NodeBeans.NONE);
    }

    /** As {@link #check(Dataflow, RunOptions)}, with the programs of {@code bean:} nodes from {@code beans}. */
    public static List<Problem> check(Dataflow dataflow, RunOptions options, NodeBeans beans) {
        List<Problem> problems = new ArrayList<>();
        TransportProvider provider = findTransport(options.transport(), dataflow, problems);
        problems.addAll(ProgramResolver.check(dataflow, options.classpath(), crossProcess(provider), beans));
        problems.addAll(openFilesProblems(provider, OperatorNodes.flatten(dataflow)));
        return problems;
    }

    private static boolean crossProcess(@Nullable TransportProvider provider) {
        return provider != null && provider.crossProcess();
    }

    private static List<Problem> openFilesProblems(@Nullable TransportProvider provider, Dataflow flat) {
        if (provider == null || !provider.crossProcess()) {
            return List.of();
        }
        OptionalLong limit = OpenFilesBudget.processLimit();
        return limit.isEmpty() ? List.of() : OpenFilesBudget.check(flat, provider.openFilesPerChannelEnd(),
                limit.getAsLong(), OpenFilesBudget.openNow());
    }

    private static boolean runsOnJdoraClasspath(NodeProgram program) {
        return !(program instanceof NodeProgram.PathProgram) && !(program instanceof NodeProgram.Bean)
                && !(program instanceof NodeProgram.Dynamic);
    }

    private static @Nullable TransportProvider findTransport(String name, Dataflow dataflow, List<Problem> problems) {
        List<String> known = new ArrayList<>();
        for (TransportProvider provider : ServiceLoader.load(TransportProvider.class)) {
            if (provider.name().equals(name)) {
                return provider;
            }
            known.add(provider.name());
        }
        problems.add(new Problem(new SourceLocation(dataflow.file(), 1, 1),
                "no transport named '" + name + "' (available: " + known + ")"));
        return null;
    }
}

package dev.jdora.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces joined by a veth pair: two "machines" on this one, for the {@code --cluster} part. Names are
 * unique per bench run ({@code jbA-xxxxxx}, {@code jbB-xxxxxx}), addresses {@code 10.232.N.1/30} and
 * {@code 10.232.N.2/30}. The set-up is three {@code ip -batch} invocations; {@link #close()} (also run by a JVM
 * shutdown hook, for a bench stopped with Ctrl-C) deletes both namespaces, and with them the veth pair.
 *
 * <p>The namespace helper of the cli module's two-namespace acceptance test does the same for that test (with packet
 * loss on top); it lives in that module's test scope, which a main class of another module cannot use.
 */
final class NetNamespaces implements AutoCloseable {

    /** Namespaces cannot be made here (not root, no iproute2, a container without the permission). */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    private final String nsA;
    private final String nsB;
    private final Host a;
    private final Host b;
    private final Thread hook = new Thread(this::delete, "bench-netns-cleanup");
    private boolean deleted;

    private NetNamespaces() {
        String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
        String net = "10.232." + ThreadLocalRandom.current().nextInt(256) + ".";
        nsA = "jbA-" + id;
        nsB = "jbB-" + id;
        a = new Host(net + "1", List.of("ip", "netns", "exec", nsA));
        b = new Host(net + "2", List.of("ip", "netns", "exec", nsB));
    }

    /** Machine A: its address on the link, and how to start a process in it. */
    Host a() {
        return a;
    }

    /** Machine B. */
    Host b() {
        return b;
    }

    /** A one-line description for the output. */
    String describe() {
        return "namespaces " + nsA + " (" + a.address() + ") and " + nsB + " (" + b.address() + ") joined by a veth "
                + "pair";
    }

    /**
     * Creates both namespaces and the link.
     *
     * @throws Unavailable if this host does not let us (what {@code ip} said)
     */
    static NetNamespaces create() throws Unavailable, IOException, InterruptedException {
        NetNamespaces n = new NetNamespaces();
        String vethA = "jbva" + n.nsA.substring(4);
        String vethB = "jbvb" + n.nsA.substring(4);
        String probe = ip(List.of(), "netns add " + n.nsA);
        if (!probe.isEmpty()) {
            throw new Unavailable(probe.replace("\n", "; "));
        }
        Runtime.getRuntime().addShutdownHook(n.hook);
        String error = ip(List.of(), "netns add " + n.nsB,
                "link add " + vethA + " type veth peer name " + vethB,
                "link set " + vethA + " netns " + n.nsA,
                "link set " + vethB + " netns " + n.nsB);
        for (String[] end : new String[][] {{n.nsA, vethA, n.a.address()}, {n.nsB, vethB, n.b.address()}}) {
            if (error.isEmpty()) {
                error = ip(List.of("-n", end[0]), "addr add " + end[2] + "/30 dev " + end[1], "link set lo up",
                        "link set " + end[1] + " up");
            }
        }
        if (!error.isEmpty()) {
            n.close();
            throw new IOException("cannot set up the veth link between " + n.nsA + " and " + n.nsB + ": " + error);
        }
        return n;
    }

    /** Deletes both namespaces (and the veth pair with them). Idempotent. */
    @Override
    public void close() {
        delete();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) delete()
        }
    }

    private synchronized void delete() {
        if (deleted) {
            return;
        }
        deleted = true;
        try {
            String error = ip(List.of(), "netns del " + nsA, "netns del " + nsB);
            if (!error.isEmpty()) {
                System.err.println("cluster: removing the network namespaces: " + error);
            }
        } catch (IOException e) {
            System.err.println("cluster: cannot remove network namespaces " + nsA + ", " + nsB + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@code ip OPTIONS -force -batch -} with {@code commands} ({@code -force} goes on after a failed one, so that
     * deleting both namespaces deletes what exists); what it printed if it failed, else empty.
     */
    private static String ip(List<String> options, String... commands) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(options);
        command.addAll(List.of("-force", "-batch", "-"));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return "cannot run ip: " + e.getMessage();
        }
        p.getOutputStream().write((String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "ip timed out";
        }
        return p.exitValue() == 0 ? "" : output.isEmpty() ? "ip exited with " + p.exitValue() : output;
    }
}

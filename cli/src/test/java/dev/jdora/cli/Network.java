package dev.jdora.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two network namespaces joined by a veth pair, for tests of dataflows across machines: unique names per run
 * ({@code jdA-xxxxxx}, {@code jdB-xxxxxx}), addresses {@code 10.231.N.1/30} and {@code 10.231.N.2/30}. Everything it
 * made is removed by {@link #close()}, which a JVM shutdown hook also runs (a test killed by its timeout, Ctrl-C).
 * Creating it skips the calling test, saying why, where {@code ip netns} is not permitted.
 */
final class Network implements AutoCloseable {

    final String nsA;
    final String nsB;
    final String vethA;
    final String addressA;
    final String addressB;
    private static final String LOSS_TABLE = "jdora_loss";

    private final List<String> namespaces = new ArrayList<>();
    private boolean netem;
    private final Thread hook = new Thread(this::removeAll, "network-namespaces-cleanup");

    private Network() {
        String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
        int subnet = ThreadLocalRandom.current().nextInt(256);
        this.nsA = "jdA-" + id;
        this.nsB = "jdB-" + id;
        this.vethA = "jdva" + id;
        this.addressA = "10.231." + subnet + ".1";
        this.addressB = "10.231." + subnet + ".2";
    }

    /** Creates both namespaces and the link, or skips the test if this host does not let us. */
    static Network create() throws IOException, InterruptedException {
        Network network = new Network();
        String probe = run("ip", "netns", "add", network.nsA);
        assumeTrue(probe.isEmpty(), "skipped: cannot create a network namespace here (needs root and iproute2): "
                + probe);
        Runtime.getRuntime().addShutdownHook(network.hook);
        network.namespaces.add(network.nsA);
        try {
            network.build();
            network.probeLoss();
        } catch (IOException | RuntimeException e) { // a skip (TestAbortedException) too
            network.close();
            throw e;
        }
        return network;
    }

    /** Finds how this host drops packets on the link ({@link #loss}), or skips the test, saying why. */
    private void probeLoss() throws IOException, InterruptedException {
        String netemProbe = run("ip", "netns", "exec", nsA, "tc", "qdisc", "add", "dev", vethA, "root", "netem",
                "loss", "0%");
        netem = netemProbe.isEmpty();
        if (netem) {
            tc("qdisc", "del", "dev", vethA, "root");
            return;
        }
        String nftProbe = run("ip", "netns", "exec", nsA, "nft", "list", "ruleset");
        assumeTrue(nftProbe.isEmpty(), "skipped: cannot drop packets between the namespaces: no tc netem in this "
                + "kernel (" + netemProbe + ") and no nftables (" + nftProbe + "); install nftables");
    }

    private void build() throws IOException, InterruptedException {
        String vethB = "jdvb" + vethA.substring(4);
        must("ip", "netns", "add", nsB);
        namespaces.add(nsB);
        must("ip", "link", "add", vethA, "type", "veth", "peer", "name", vethB);
        must("ip", "link", "set", vethA, "netns", nsA);
        must("ip", "link", "set", vethB, "netns", nsB);
        must("ip", "-n", nsA, "addr", "add", addressA + "/30", "dev", vethA);
        must("ip", "-n", nsB, "addr", "add", addressB + "/30", "dev", vethB);
        for (String[] end : new String[][] {{nsA, vethA}, {nsB, vethB}}) {
            must("ip", "-n", end[0], "link", "set", "lo", "up");
            must("ip", "-n", end[0], "link", "set", end[1], "up");
        }
    }

    /**
     * Makes the link from namespace A drop {@code percent}% of its packets at random: {@code tc netem loss} where the
     * kernel has netem, else an nftables rule ({@code numgen random mod 100 < percent drop}) on that link's output in
     * namespace A — the same random loss without netem. Returns what it did.
     */
    String loss(int percent) throws IOException, InterruptedException {
        if (netem) {
            tc("qdisc", "add", "dev", vethA, "root", "netem", "loss", percent + "%");
            return "tc netem loss " + percent + "%";
        }
        nft("add table inet " + LOSS_TABLE + " { chain out { type filter hook output priority 0; policy accept; "
                + "oifname \"" + vethA + "\" numgen random mod 100 < " + percent + " counter drop; }; }");
        return "nftables: " + percent + "% of the packets out of the link dropped at random";
    }

    /** Packets the link from namespace A has dropped so far. */
    long dropped() throws IOException, InterruptedException {
        List<String> command = netem ? List.of("ip", "netns", "exec", nsA, "tc", "-s", "qdisc", "show", "dev", vethA)
                : List.of("ip", "netns", "exec", nsA, "nft", "list", "table", "inet", LOSS_TABLE);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String stats = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        Matcher m = Pattern.compile(netem ? "dropped (\\d+)" : "counter packets (\\d+)").matcher(stats);
        long dropped = 0;
        while (m.find()) {
            dropped += Long.parseLong(m.group(1));
        }
        return dropped;
    }

    /** Ends the packet loss. */
    void noLoss() throws IOException, InterruptedException {
        if (netem) {
            tc("qdisc", "del", "dev", vethA, "root");
        } else {
            nft("delete table inet " + LOSS_TABLE);
        }
    }

    private void nft(String script) throws IOException, InterruptedException {
        must("ip", "netns", "exec", nsA, "nft", script);
    }

    private void tc(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", nsA, "tc"));
        command.addAll(List.of(args));
        must(command.toArray(String[]::new));
    }

    /** Removes both namespaces (and with them the veth pair and its qdisc). Idempotent. */
    @Override
    public void close() {
        removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) removeAll
        }
    }

    private synchronized void removeAll() {
        for (String ns : namespaces) {
            try {
                String error = run("ip", "netns", "del", ns);
                if (!error.isEmpty()) {
                    System.err.println("cannot remove network namespace " + ns + ": " + error);
                }
            } catch (IOException | InterruptedException e) {
                System.err.println("cannot remove network namespace " + ns + ": " + e);
            }
        }
        namespaces.clear();
    }

    private static void must(String... command) throws IOException, InterruptedException {
        String error = run(command);
        if (!error.isEmpty()) {
            throw new IOException(String.join(" ", command) + ": " + error);
        }
    }

    /** Runs {@code command}; its output if it failed, else empty. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? "" : output.isEmpty() ? "exit status " + p.exitValue() : output;
    }
}

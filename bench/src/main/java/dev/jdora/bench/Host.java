package dev.jdora.bench;

import java.util.List;

/**
 * Where a peer process of the bench runs: the address it binds or is reached at, and the command prefix that starts a
 * process there ({@code ip netns exec NS} for a network namespace; nothing for this host's loopback).
 *
 * @param address  an IP address of that place
 * @param launcher prepended to the {@code java} command line
 */
record Host(String address, List<String> launcher) {

    /** This host, on loopback. */
    static final Host LOOPBACK = new Host("127.0.0.1", List.of());

    Host {
        launcher = List.copyOf(launcher);
    }
}

package dev.jdora.runtime.internal;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Who is at the other end of a Unix domain socket ({@code SO_PEERCRED}, which the JDK offers on Linux and macOS): a
 * request to operate a run (status, stop, tap, publish) is served only to the user who runs it. This is the second
 * lock: the first is that the socket is mode 0600 in a directory of mode 0700, so another user cannot even reach it.
 * Where the JDK cannot tell the peer, the directory's permissions alone decide. Stateless; any thread.
 */
public final class PeerCredentials {

    private static final String USER = new UnixSystem().getUsername();

    private PeerCredentials() {
    }

    /** True if the peer of {@code channel} is this process's user, or if the platform cannot tell. */
    public static boolean sameUser(SocketChannel channel) {
        try {
            UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return peer.user().getName().equals(USER);
        } catch (UnsupportedOperationException | IOException e) {
            return true; // not offered here: the socket's and directory's modes are the check
        }
    }
}

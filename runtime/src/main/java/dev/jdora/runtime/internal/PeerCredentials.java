package dev.jdora.runtime.internal;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import jdk.net.ExtendedSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is at the other end of a Unix domain socket ({@code SO_PEERCRED}, which the JDK offers on Linux and macOS): a
 * request to operate a run (status, stop, tap, publish) is served only to the user who runs it. This is the second
 * lock: the first is that the socket is mode 0600 in a directory of mode 0700, so another user cannot even reach it.
 *
 * <p>The peer is compared by uid with the owner of the server's own socket file (which this process created, so its
 * owner is this process's effective uid): the JDK's Unix user principals are equal exactly when their uids are, so two
 * names of one uid are one user and nothing depends on the password database. The check fails closed: where the
 * platform cannot tell the peer, or the socket's owner cannot be read, the request is refused (and logged). Stateless;
 * any thread.
 */
public final class PeerCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(PeerCredentials.class);

    /** Decides whether the peer of an accepted connection may operate the run. Thread-safe. */
    @FunctionalInterface
    public interface Check {
        /** True if the peer may be served; false refuses it. */
        boolean allows(SocketChannel channel);
    }

    private PeerCredentials() {
    }

    /** The check of a server listening on {@code ownSocket}, a socket file this process bound: same uid only. */
    public static Check sameUserAs(Path ownSocket) {
        return channel -> sameUser(channel, ownSocket);
    }

    /** True if the peer of {@code channel} runs with the uid that owns {@code ownSocket}; false if either is unknown. */
    static boolean sameUser(SocketChannel channel, Path ownSocket) {
        UserPrincipal peer;
        try {
            peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED).user();
        } catch (UnsupportedOperationException | IOException e) {
            LOG.warn("refusing an operator: the platform cannot tell who is connected ({})", e.toString());
            return false;
        }
        try {
            UserPrincipal own = Files.getOwner(ownSocket, LinkOption.NOFOLLOW_LINKS);
            if (peer.equals(own)) {
                return true;
            }
            LOG.warn("refusing an operator: user '{}' is not the owner of this run (uid {})", peer.getName(),
                    Files.getAttribute(ownSocket, "unix:uid", LinkOption.NOFOLLOW_LINKS));
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("refusing an operator: cannot read the owner of {} ({})", ownSocket, e.toString());
            return false;
        }
    }
}

package dev.jdora.cluster;

import dev.jdora.core.internal.process.UserRuns;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The shared secret every connection of a cluster carries (coordinator, daemons, {@code jdora start/list/stop}): from
 * {@code --token-file} (a regular file only its owner may read or write, 0600 or stricter, not a symbolic link) or the
 * {@code JDORA_TOKEN} environment variable, else from the file {@value #DEFAULT_FILE} that {@code jdora up} keeps in
 * this user's private runtime directory (same checks as {@code --token-file}). Immutable; compared in constant time.
 */
public final class ClusterSecret {

    /** The environment variable that holds the secret. */
    public static final String ENV = "JDORA_TOKEN";
    /** The name of the secret {@code jdora up} creates in this user's private runtime directory. */
    public static final String DEFAULT_FILE = "cluster-token";
    private static final int MIN_LENGTH = 16;
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private final byte[] secret;

    private ClusterSecret(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** A secret given as it is (tests, embedding applications). */
    public static ClusterSecret of(String secret) {
        if (secret.strip().length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the cluster secret must be at least " + MIN_LENGTH + " characters");
        }
        return new ClusterSecret(secret.strip());
    }

    /**
     * The secret from {@code file} if given, else from {@code JDORA_TOKEN} in {@code environment}, else from {@link
     * #defaultFile()} if it exists.
     *
     * @throws IllegalArgumentException (a user error) naming the file or variable and what is wrong with it
     */
    public static ClusterSecret load(Optional<Path> file, Map<String, String> environment) {
        if (file.isPresent()) {
            return fromFile(file.get());
        }
        String value = environment.get(ENV);
        if ((value == null || value.isBlank()) && Files.exists(defaultFile(), LinkOption.NOFOLLOW_LINKS)) {
            return fromFile(defaultFile());
        }
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("no cluster secret: set " + ENV + " or give --token-file FILE (mode "
                    + "0600), the same on the coordinator, every daemon and every jdora command that talks to them");
        }
        return of(value);
    }

    /**
     * As {@link #load(Optional, Map)} for a connection to the coordinator at {@code coordinator} ({@code host:port}),
     * except that the secret {@code jdora up} made ({@link #defaultFile()}) goes only to a coordinator on this machine
     * (a loopback address, or one of this machine's own): never to a mistyped or foreign host.
     *
     * @throws IllegalArgumentException (a user error) naming the file or variable and what is wrong with it
     */
    public static ClusterSecret load(Optional<Path> file, Map<String, String> environment, String coordinator) {
        String value = environment.get(ENV);
        if (file.isEmpty() && (value == null || value.isBlank()) && !onThisMachine(coordinator)) {
            throw new IllegalArgumentException("no cluster secret for the coordinator at " + coordinator + ": set "
                    + ENV + " or give --token-file FILE (mode 0600); the " + DEFAULT_FILE + " of jdora up goes only "
                    + "to a coordinator on this machine");
        }
        return load(file, environment);
    }

    private static boolean onThisMachine(String hostPort) {
        String host = hostPort.substring(0, Math.max(0, hostPort.lastIndexOf(':')));
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isLoopbackAddress() || address.isAnyLocalAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * {@value #DEFAULT_FILE} in this user's private runtime directory (the base of the run directories): the secret
     * {@code jdora up} creates when none is given, which every command of this user then finds on its own.
     */
    public static Path defaultFile() {
        return UserRuns.base().resolve(DEFAULT_FILE);
    }

    private static ClusterSecret fromFile(Path file) {
        try {
            if (Files.isSymbolicLink(file) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException(file + ": the token file must be a regular file, not a link");
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            if (!OWNER_ONLY.containsAll(permissions)) {
                throw new IllegalArgumentException(file + ": the token file must be readable by its owner only "
                        + "(chmod 600 " + file + ")");
            }
            return of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the token file: " + e.getMessage(), e);
        }
    }

    /** The value of an {@code Authorization} header carrying this secret. */
    public String header() {
        return "Bearer " + new String(secret, StandardCharsets.UTF_8);
    }

    /** True if {@code header} (an {@code Authorization} header, possibly absent) carries this secret. */
    public boolean accepts(String header) {
        return MessageDigest.isEqual(header().getBytes(StandardCharsets.UTF_8),
                header.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ClusterSecret[hidden]";
    }
}

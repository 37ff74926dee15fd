package dev.jdora.runtime.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secret of each node process of a run: 32 random bytes (hex), given to the process the daemon launches in
 * {@code JDORA_NODE_SECRET} and presented in its {@code HELLO}, so that no other local process can register as that
 * node on the control socket. Secrets are compared in constant time and never logged ({@link #toString} shows only the
 * node ids). Thread-safe.
 */
final class NodeSecrets {

    private static final int BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, byte[]> secrets = new ConcurrentHashMap<>();

    /** A new secret for {@code nodeId}, replacing any earlier one. */
    String issue(String nodeId) {
        byte[] secret = new byte[BYTES];
        random.nextBytes(secret);
        String hex = HexFormat.of().formatHex(secret);
        secrets.put(nodeId, hex.getBytes(StandardCharsets.US_ASCII));
        return hex;
    }

    /** Whether {@code presented} is the secret issued to {@code nodeId}; false for a node without a secret. */
    boolean matches(String nodeId, String presented) {
        byte[] expected = secrets.get(nodeId);
        return expected != null && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "NodeSecrets" + secrets.keySet();
    }
}

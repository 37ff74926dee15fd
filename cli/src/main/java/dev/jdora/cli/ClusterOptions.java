package dev.jdora.cli;

import dev.jdora.cluster.ClusterSecret;
import dev.jdora.cluster.CoordinatorOperations;
import dev.jdora.runtime.ops.DataflowOperations;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --coordinator HOST:PORT} (or {@code $JDORA_COORDINATOR}) and {@code --token-file}: the commands that operate
 * dataflows work on the runs of this machine without them, and on the runs of that coordinator (nodes on any machine)
 * with them. The secret comes from {@code --token-file} (mode 0600) or {@code $JDORA_TOKEN}, else from the file
 * {@code jdora up} creates in this user's private runtime directory ({@link ClusterSecret#defaultFile()}).
 */
final class ClusterOptions {

    /** The environment variable that stands for {@code --coordinator}. */
    static final String COORDINATOR_ENV = "JDORA_COORDINATOR";

    @Option(names = "--coordinator", paramLabel = "HOST:PORT", converter = HostPort.class,
            defaultValue = "${env:" + COORDINATOR_ENV + "}",
            description = "work on the dataflows of this coordinator (nodes on any machine) instead of this "
                    + "machine's (default: $" + COORDINATOR_ENV + ")")
    @Nullable String coordinator;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "the cluster secret, a file only you may read (mode 0600) (default: $"
                    + ClusterSecret.ENV + ", else the " + ClusterSecret.DEFAULT_FILE + " jdora up made)")
    Optional<Path> tokenFile = Optional.empty();

    /** The coordinator's operations, if one is named. */
    Optional<CoordinatorOperations> coordinator() {
        return Optional.ofNullable(coordinator).map(c -> new CoordinatorOperations(c, secret()));
    }

    /** The coordinator's operations if one is named, else this machine's. */
    DataflowOperations operations() {
        return coordinator().<DataflowOperations>map(c -> c).orElseGet(DataflowOperations::local);
    }

    /**
     * The cluster secret.
     *
     * @throws IllegalArgumentException (a user error) saying where to put it, or what is wrong with the file
     */
    ClusterSecret secret() {
        return coordinator == null ? ClusterSecret.load(tokenFile, System.getenv())
                : ClusterSecret.load(tokenFile, System.getenv(), coordinator);
    }

    /** {@code host:port}, checked. */
    static final class HostPort implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            int colon = value.lastIndexOf(':');
            String port = colon < 0 ? "" : value.substring(colon + 1);
            if (colon <= 0 || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not HOST:PORT (for example "
                        + "10.0.0.1:6012)");
            }
            return value;
        }
    }
}

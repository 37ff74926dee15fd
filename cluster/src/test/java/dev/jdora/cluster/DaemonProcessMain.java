package dev.jdora.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A daemon as a process of its own, for the tests that kill one: {@code <machine id> <coordinator> <log dir>}. */
public final class DaemonProcessMain {

    private DaemonProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        Daemon daemon = Daemon.start(new Daemon.Config(args[0], args[1], ClusterSecret.load(Optional.empty(),
                Map.of(ClusterSecret.ENV, System.getenv(ClusterSecret.ENV))), Optional.empty(), Path.of(args[2]),
                List.of(), Daemon.Config.COORDINATOR_TIMEOUT));
        System.out.println("registered " + daemon.dataEndpoint());
        Thread.currentThread().join(); // until killed
    }
}

package dev.jdora.cli;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/** Nodes for {@link RestartTest}: each runs in a process of its own and reports through its log. */
final class RestartNodes {

    private RestartNodes() {
    }

    private static long env(Node node, String key, long fallback) {
        return Long.parseLong(node.env().getOrDefault(key, Long.toString(fallback)));
    }

    private static int restarts() {
        return Integer.parseInt(System.getenv().getOrDefault("JDORA_NODE_RESTARTS", "0"));
    }

    /** Writes this process's pid to {@code PID_DIR/<node>} (if set), for a test that kills it. */
    private static void announce(Node node) {
        String dir = node.env().get("PID_DIR");
        System.out.println("start " + restarts() + " pid " + ProcessHandle.current().pid());
        if (dir != null) {
            try {
                Path tmp = Path.of(dir, node.id() + ".tmp");
                Files.writeString(tmp, Long.toString(ProcessHandle.current().pid()));
                Files.move(tmp, Path.of(dir, node.id()), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Sends {@code COUNT} sequence numbers on {@code out}, pausing {@code PAUSE_MICROS} after each. */
    public static final class Source implements NodeMain {
        @Override
        public void run(Node node) {
            long count = env(node, "COUNT", 100);
            long pause = env(node, "PAUSE_MICROS", 0);
            String stopFile = node.env().get("STOP_FILE"); // ends early once it exists (the chaos test's end)
            long sent = 0;
            try (var value = Data.longs(node.allocator(), 0)) {
                for (; sent < count && (stopFile == null || !java.nio.file.Files.exists(Path.of(stopFile))); sent++) {
                    value.set(0, sent);
                    node.send("out", value);
                    LockSupport.parkNanos(pause * 1000);
                }
            }
            System.out.println("sent " + sent);
        }
    }

    /** Forwards each input to {@code out}, keeping the {@code redelivered} mark; announces its pid. */
    public static final class Relay implements NodeMain {
        @Override
        public void run(Node node) {
            announce(node);
            for (Event event : node) {
                if (event instanceof Event.Input in) {
                    boolean again = in.metadata().parameter("redelivered", Boolean.class).orElse(false);
                    node.send("out", in.data(), again ? Map.of("redelivered", true) : Map.of());
                }
            }
        }
    }

    /**
     * Checks that sequence numbers arrive in order, each at least once, every repeat marked {@code redelivered};
     * prints a summary line and every event that is not an {@code Input}.
     */
    public static final class Sink implements NodeMain {
        @Override
        public void run(Node node) {
            long next = 0;
            long duplicates = 0;
            long unmarked = 0;
            long gaps = 0;
            for (Event event : node) {
                if (event instanceof Event.Input in) {
                    long value = Data.toLongs(in.data())[0];
                    boolean marked = in.metadata().parameter("redelivered", Boolean.class).orElse(false);
                    if (value == next) {
                        next++;
                    } else if (value < next) {
                        duplicates++;
                        unmarked += marked ? 0 : 1;
                    } else {
                        gaps++;
                        System.out.println("gap: expected " + next + ", got " + value);
                        next = value + 1;
                    }
                } else if (event instanceof Event.NodeRestarted r) {
                    System.out.println("event NodeRestarted " + r.nodeId());
                } else {
                    System.out.println("event " + event.getClass().getSimpleName());
                }
            }
            System.out.println("received " + next + " gaps " + gaps + " duplicates " + duplicates + " unmarked "
                    + unmarked);
        }
    }

    /** Exits with {@code EXIT} (after reading nothing), printing its restart count. */
    public static final class Exiter {
        public static void main(String[] args) {
            System.out.println("start " + restarts());
            System.exit(Integer.parseInt(System.getenv().getOrDefault("EXIT", "0")));
        }
    }

    /** Reads one event and then stops reading (its first process only); later processes relay normally. */
    public static final class GetsStuck implements NodeMain {
        @Override
        public void run(Node node) {
            System.out.println("start " + restarts());
            for (Event event : node) {
                if (event instanceof Event.Input in && restarts() == 0) {
                    System.out.println("stuck");
                    LockSupport.park(); // stops reading: messages pile up
                }
                if (event instanceof Event.Input in) {
                    node.send("out", in.data());
                }
            }
        }
    }

    /**
     * Relays like {@link Relay}, printing each message it gets again ({@code redelivered <n>}). Its first process
     * throws while it handles message {@code THROW_AT}; a later process first spends {@code SLOW_START_MILLIS}
     * connected but not reading (a slow start), if set.
     */
    public static final class ThrowsOnce implements NodeMain {
        @Override
        public void run(Node node) {
            System.out.println("start " + restarts());
            long throwAt = env(node, "THROW_AT", -1);
            long slowStart = env(node, "SLOW_START_MILLIS", 0);
            if (restarts() > 0 && slowStart > 0) {
                LockSupport.parkNanos(slowStart * 1_000_000); // the node's own start-up, not a wait for a condition
            }
            for (Event event : node) {
                if (event instanceof Event.Input in) {
                    long value = Data.toLongs(in.data())[0];
                    boolean again = in.metadata().parameter("redelivered", Boolean.class).orElse(false);
                    if (again) {
                        System.out.println("redelivered " + value);
                    }
                    if (value == throwAt && restarts() == 0) {
                        throw new IllegalStateException("cannot handle " + value);
                    }
                    node.send("out", in.data(), again ? Map.of("redelivered", true) : Map.of());
                }
            }
        }
    }
}

package dev.jdora.cli;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Nodes of the start-and-end tests in process mode; each says what it saw on its standard output (its log). */
final class LifecycleNodes {

    private LifecycleNodes() {
    }

    private static void sayStop(Event event) {
        if (event instanceof Event.Stop stop) {
            System.out.println("stop " + stop.cause());
        }
    }

    /**
     * On every tick, sends the next number (0, 1, 2, …) on {@code out}. At its first tick it says whether the timer
     * sent that tick after the sink began to read: the sink writes the time it began to the file
     * {@code env SINK_READING} (a tick processed before that file exists was sent before, too).
     */
    public static final class Numbers implements NodeMain {
        @Override
        public void run(Node node) throws IOException {
            long next = 0;
            for (Event event : node) {
                if (event instanceof Event.Input in) {
                    if (next == 0 && node.env().containsKey("SINK_READING")) {
                        Path began = Path.of(node.env().get("SINK_READING"));
                        boolean after = Files.exists(began) && in.metadata().timestamp().toInstant()
                                .isAfter(Instant.parse(Files.readString(began)));
                        System.out.println("the first tick was sent after the sink began to read: " + after);
                    }
                    node.sendLongs("out", next++);
                }
                sayStop(event);
            }
        }
    }

    /** Forwards every number it reads on {@code out}. */
    public static final class Relay implements NodeMain {
        @Override
        public void run(Node node) {
            for (Event event : node) {
                if (event instanceof Event.Input in) {
                    node.sendLongs("out", Data.toLongs(in.data())[0]);
                }
                sayStop(event);
            }
        }
    }

    /**
     * Slow to start: after opening its node it works {@code env SLOW_START_MILLIS} (a node loading classes or a model),
     * then writes the time to the file {@code env READING} (if set) and reads. After {@code env COUNT} inputs
     * (default 20) it says which values it got and calls {@code stopAll()} (and reads on until its {@code Stop}) if
     * {@code env STOP_ALL} is true, else it returns.
     */
    public static final class Sink implements NodeMain {
        @Override
        public void run(Node node) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(
                    Long.parseLong(node.env().getOrDefault("SLOW_START_MILLIS", "0"))));
            if (node.env().containsKey("READING")) {
                Path began = Path.of(node.env().get("READING"));
                Path written = Path.of(began + ".tmp");
                try {
                    Files.writeString(written, Instant.now().toString());
                    Files.move(written, began, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            int count = Integer.parseInt(node.env().getOrDefault("COUNT", "20"));
            List<Long> values = new ArrayList<>();
            for (Event event : node) {
                if (event instanceof Event.Input in && values.size() < count) {
                    values.add(Data.toLongs(in.data())[0]);
                    if (values.size() == count) {
                        System.out.println("received " + values);
                        if (!Boolean.parseBoolean(node.env().getOrDefault("STOP_ALL", "false"))) {
                            return;
                        }
                        node.stopAll();
                    }
                }
                sayStop(event);
            }
        }
    }
}

package dev.jdora.core.internal.process;

import dev.jdora.core.Event;
import dev.jdora.core.StopCause;
import dev.jdora.core.internal.NodeContext;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The node end of the control channel. A daemon thread ({@code jdora-control}) reads what the daemon sends and turns
 * it into events of the node. If the daemon goes away (the connection ends without a stop), the node is stopped and
 * the process halts {@link #ORPHAN_GRACE_MILLIS} later, so that no node outlives a killed {@code jdora run}.
 */
public final class ControlClient {

    /** How long a node whose daemon died has to finish before its process halts. */
    public static final long ORPHAN_GRACE_MILLIS = 200;

    private final LineChannel channel;
    private final NodeContext context;

    private ControlClient(SocketChannel channel, NodeContext context) {
        this.channel = new LineChannel(channel);
        this.context = context;
    }

    /**
     * Connects, says hello with the node's {@code secret} (from {@value NodeConfig#SECRET_ENV}; empty if none), and
     * starts reading. A daemon that refuses the hello closes the connection: the node then stops as if the daemon had
     * gone.
     */
    public static ControlClient connect(Path socket, NodeContext context, String secret) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        ControlClient client = new ControlClient(channel, context);
        client.send(new ControlMessage.NodeToDaemon.Hello(context.nodeId(), secret));
        Thread reader = new Thread(client::readLoop, "jdora-control");
        reader.setDaemon(true);
        reader.start();
        return client;
    }

    /** Tells the daemon this node has subscribed ({@code Node.fromEnv()}). */
    public void subscribed() {
        tell(new ControlMessage.NodeToDaemon.Subscribed());
    }

    /** Tells the daemon this node reads its events (the start barrier counts it). */
    public void reading() {
        tell(new ControlMessage.NodeToDaemon.Reading());
    }

    /** Tells the daemon this node closed its {@code Node} (see {@link ControlMessage.NodeToDaemon.Closed}). */
    public void closed() {
        tell(new ControlMessage.NodeToDaemon.Closed());
    }

    /** Asks the daemon to stop the whole dataflow ({@code Node.stopAll()}, an operator's {@code STOP_ALL}). */
    public void stopAll() {
        tell(new ControlMessage.NodeToDaemon.StopAll());
    }

    private void tell(ControlMessage.NodeToDaemon message) {
        try {
            send(message);
        } catch (IOException e) {
            daemonGone();
        }
    }

    /**
     * Tells the daemon the node's program returned normally and the process is about to exit. A daemon that is gone
     * needs no telling: the process exits either way.
     */
    public void finished() {
        try {
            send(new ControlMessage.NodeToDaemon.Finished());
        } catch (IOException daemonGone) {
            System.err.println("jdora: node '" + context.nodeId() + "': could not tell the daemon it finished: "
                    + daemonGone);
        }
    }

    private void send(ControlMessage.NodeToDaemon message) throws IOException {
        channel.send(ControlMessage.encode(message));
    }

    private void readLoop() {
        try (channel) {
            String line;
            while ((line = channel.readLine()) != null) {
                handle(ControlMessage.parseFromDaemon(line));
            }
        } catch (IOException e) {
            // the daemon is gone: this node must not outlive it
        } catch (RuntimeException e) {
            // the daemon spoke nonsense: the node must not outlive it either, but the log says why
            System.err.println("jdora: node '" + context.nodeId() + "': bad control message from the daemon: " + e);
        }
        daemonGone();
    }

    private void handle(ControlMessage.DaemonToNode message) {
        if (message instanceof ControlMessage.DaemonToNode.Start) {
            context.barrier().arrive();
        } else if (message instanceof ControlMessage.DaemonToNode.Stop stop) {
            context.deliver(new Event.Stop(stop.cause()));
        } else if (message instanceof ControlMessage.DaemonToNode.Reload reload) {
            context.deliver(new Event.Reload(reload.operatorId()));
        } else if (message instanceof ControlMessage.DaemonToNode.NodeRestarted restarted) {
            context.deliver(new Event.NodeRestarted(restarted.nodeId()));
        }
    }

    private void daemonGone() {
        context.deliver(new Event.Stop(StopCause.MANUAL));
        Thread halt = new Thread(() -> {
            try {
                TimeUnit.MILLISECONDS.sleep(ORPHAN_GRACE_MILLIS);
            } catch (InterruptedException ignored) {
                // halt now
            }
            System.err.println("jdora: the daemon is gone; node '" + context.nodeId() + "' exits");
            Runtime.getRuntime().halt(1);
        }, "jdora-orphan-halt");
        halt.setDaemon(true);
        halt.start();
    }
}

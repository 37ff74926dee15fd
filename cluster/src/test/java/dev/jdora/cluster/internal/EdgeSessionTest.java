package dev.jdora.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The receiving end of an edge takes the data of the edge's own sender only, not of anyone sending to its port. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EdgeSessionTest {

    private static final int STREAM = 7 * 4096 + 1;
    private static final int SESSION = 0x5eed_0001;

    @TempDir
    Path dir;

    @Test
    void aPublicationWithAnotherSessionIdToTheSameEndpointAndStreamIsNotDelivered() throws Exception {
        String endpoint = "127.0.0.1:" + freeUdpPort();
        try (MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                     .aeronDirectoryName(dir.resolve("aeron").toString()).threadingMode(ThreadingMode.SHARED)
                     .dirDeleteOnStart(true).dirDeleteOnShutdown(true));
             Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
             Subscription edge = aeron.addSubscription(MachinePart.subscriptionChannel(endpoint, SESSION), STREAM);
             Subscription witness = aeron.addSubscription("aeron:udp?endpoint=" + endpoint, STREAM);
             ExclusivePublication stray = aeron.addExclusivePublication(
                     MachinePart.publicationChannel(endpoint, SESSION + 1), STREAM)) {
            List<String> received = new ArrayList<>();
            FragmentHandler onEdge = (buffer, offset, length, header) ->
                    received.add(buffer.getStringWithoutLengthAscii(offset, length));
            List<String> seen = new ArrayList<>();
            while (!seen.contains("stray")) { // the stray data has reached this machine's receiving end
                offer(stray, "stray");
                witness.poll((buffer, offset, length, header) ->
                        seen.add(buffer.getStringWithoutLengthAscii(offset, length)), 10);
                edge.poll(onEdge, 10);
            }
            try (ExclusivePublication sender = aeron.addExclusivePublication(
                    MachinePart.publicationChannel(endpoint, SESSION), STREAM)) {
                while (!received.contains("intended")) {
                    offer(sender, "intended");
                    edge.poll(onEdge, 10);
                }
            }
            edge.poll(onEdge, 100);

            assertThat(received).containsOnly("intended");
            assertThat(edge.images()).allMatch(image -> image.sessionId() == SESSION);
        }
    }

    /** Offers {@code text} once it can go (the test's timeout bounds the wait for a connection). */
    private static void offer(Publication publication, String text) throws InterruptedException {
        UnsafeBuffer buffer = new UnsafeBuffer(text.getBytes(StandardCharsets.US_ASCII));
        if (publication.offer(buffer) < 0) {
            TimeUnit.MILLISECONDS.sleep(1); // not connected yet: polling a condition, not waiting for time to pass
        }
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        }
    }
}

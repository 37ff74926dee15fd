package dev.jdora.cluster.internal;

import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * Byte channels over Agrona buffers, so that Arrow's IPC writer and reader ({@code WriteChannel}, {@code ReadChannel})
 * copy Arrow buffers straight into the message that Aeron sends, and straight out of the buffer Aeron hands over: one
 * {@code memcpy} each way, no intermediate byte arrays. Not thread-safe: each belongs to one thread.
 */
final class ArrowChannels {

    private ArrowChannels() {
    }

    /** Appends to an {@link ExpandableArrayBuffer}, which grows as needed; {@link #reset()} starts over. */
    static final class Sink implements WritableByteChannel {
        private final ExpandableArrayBuffer buffer;
        private int length;

        Sink(ExpandableArrayBuffer buffer) {
            this.buffer = buffer;
        }

        /** The bytes written so far (from index 0 of the buffer). */
        int length() {
            return length;
        }

        /** Continues at {@code at}: what was written before it stays. */
        void position(int at) {
            length = at;
        }

        void reset() {
            length = 0;
        }

        @Override
        public int write(ByteBuffer source) {
            int n = source.remaining();
            buffer.putBytes(length, source, source.position(), n);
            source.position(source.limit());
            length += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
            // nothing held: the buffer belongs to the caller
        }
    }

    /** Reads {@code length} bytes of a {@link DirectBuffer} from {@code offset}; the buffer stays the caller's. */
    static final class Source implements ReadableByteChannel {
        private final DirectBuffer buffer;
        private int position;
        private final int end;

        Source(DirectBuffer buffer, int offset, int length) {
            this.buffer = buffer;
            this.position = offset;
            this.end = offset + length;
        }

        @Override
        public int read(ByteBuffer target) {
            if (position == end) {
                return -1;
            }
            int n = Math.min(target.remaining(), end - position);
            buffer.getBytes(position, target, target.position(), n);
            target.position(target.position() + n);
            position += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
            // nothing held: the buffer belongs to the caller
        }
    }
}

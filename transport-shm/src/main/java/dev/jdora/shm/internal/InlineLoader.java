package dev.jdora.shm.internal;

import net.openhft.chronicle.bytes.Bytes;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;

/**
 * Copies an inline message body straight into the buffers of a vector that the reader reuses, for the flat layouts
 * that carry almost every small message: fixed-width arrays (ints, floats, bytes, bools, timestamps…), variable-width
 * arrays (utf8, binary) and the buffer-less {@code null} arrays timers send. No Arrow object is created unless the
 * vector's buffers are too small (or were released: the application closed the data or transferred it out), when
 * they are reallocated once. Nested and other layouts are not handled here ({@link #accepts} says so): the caller
 * then builds a fresh vector.
 *
 * <p>Stateless; called on the reader's consuming thread.
 */
final class InlineLoader {

    private InlineLoader() {
    }

    /**
     * Whether {@link #load} handles {@code vector} with this many field nodes and buffers: one node, the buffers of
     * the vector's layout, a validity buffer long enough for {@code rows} or absent (Arrow's "no nulls", which the
     * encoder writes for arrays without nulls; every row is then marked valid), and offsets long enough. A validity
     * buffer of another length would leave the previous message's bits in place, so it goes the fresh way, where
     * Arrow fills it in.
     */
    static boolean accepts(FieldVector vector, int nodeCount, int bufferCount, int rows, long[] lengths) {
        if (nodeCount != 1) {
            return false;
        }
        if (vector instanceof NullVector) {
            return bufferCount == 0;
        }
        long validity = BitVectorHelper.getValidityBufferSizeFromCount(rows);
        boolean validityCovers = lengths.length > 0 && (lengths[0] == 0 || lengths[0] >= validity);
        if (vector instanceof BaseFixedWidthVector) {
            return bufferCount == 2 && validityCovers;
        }
        return vector instanceof BaseVariableWidthVector && bufferCount == 3 && validityCovers
                && (rows == 0 || lengths[1] >= (rows + 1L) * BaseVariableWidthVector.OFFSET_WIDTH);
    }

    /**
     * Reads the body (positioned after its length) into {@code vector}, which {@link #accepts} this layout.
     *
     * @param lengths the length of each buffer in the body (each padded to 8 bytes there)
     */
    static void load(FieldVector vector, Bytes<?> in, int rows, long[] lengths) {
        if (vector instanceof BaseFixedWidthVector fixed) {
            ensureFixed(fixed, rows, lengths);
            readValidity(in, fixed.getValidityBuffer(), rows, lengths[0]);
            read(in, fixed.getDataBuffer(), lengths[1]);
            fixed.setValueCount(rows);
        } else if (vector instanceof BaseVariableWidthVector variable) {
            ensureVariable(variable, rows, lengths);
            readValidity(in, variable.getValidityBuffer(), rows, lengths[0]);
            read(in, variable.getOffsetBuffer(), lengths[1]);
            read(in, variable.getDataBuffer(), lengths[2]);
            variable.setLastSet(rows - 1);
            variable.setValueCount(rows);
        } else {
            ((NullVector) vector).setValueCount(rows);
        }
    }

    private static void ensureFixed(BaseFixedWidthVector v, int rows, long[] lengths) {
        if (!fixedFits(v, rows, lengths)) {
            v.allocateNew(Math.max(rows, 1));
            if (!fixedFits(v, rows, lengths)) {
                throw new IllegalStateException("a " + v.getField().getType() + " array of " + rows
                        + " rows does not fit buffers of " + lengths[0] + " and " + lengths[1] + " bytes");
            }
        }
    }

    private static boolean fixedFits(BaseFixedWidthVector v, int rows, long[] lengths) {
        return v.getValueCapacity() >= rows && v.getValidityBuffer().capacity() >= validityBytes(rows, lengths[0])
                && v.getDataBuffer().capacity() >= lengths[1];
    }

    private static void ensureVariable(BaseVariableWidthVector v, int rows, long[] lengths) {
        if (!variableFits(v, rows, lengths)) {
            v.allocateNew(Math.max(lengths[2], 1), Math.max(rows, 1));
            if (!variableFits(v, rows, lengths)) {
                throw new IllegalStateException("a " + v.getField().getType() + " array of " + rows
                        + " rows does not fit buffers of " + lengths[0] + ", " + lengths[1] + " and " + lengths[2]
                        + " bytes");
            }
        }
    }

    private static boolean variableFits(BaseVariableWidthVector v, int rows, long[] lengths) {
        return v.getValueCapacity() >= rows && v.getValidityBuffer().capacity() >= validityBytes(rows, lengths[0])
                && v.getOffsetBuffer().capacity() >= lengths[1] && v.getDataBuffer().capacity() >= lengths[2];
    }

    /** The validity bytes a vector of {@code rows} needs: as sent, or enough for every row when it was absent. */
    private static long validityBytes(int rows, long sent) {
        return sent == 0 ? BitVectorHelper.getValidityBufferSizeFromCount(rows) : sent;
    }

    /** Reads the validity buffer, or marks every row valid when the body has none (no nulls). */
    private static void readValidity(Bytes<?> in, ArrowBuf to, int rows, long length) {
        if (length == 0) {
            to.setOne(0, BitVectorHelper.getValidityBufferSizeFromCount(rows));
        } else {
            read(in, to, length);
        }
    }

    /** Copies one buffer out of the queue in pieces (see {@link MessageDecoder#copyOut}), then skips its padding. */
    private static void read(Bytes<?> in, ArrowBuf to, long length) {
        MessageDecoder.copyOut(in, to.memoryAddress(), length);
        in.readSkip(MessageEncoder.align8(length) - length);
    }
}

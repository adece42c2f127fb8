package moglm.model;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Recurrent state (h and c of every layer) of {@code batch} sequences, off-heap, in the model's
 * precision. Made by {@link MogrifierLM#newState(int)}; free it with {@link #close()}.
 *
 * <p>Native layout (what the kernels read): {@code [layer][h|c][unit][sequence]}, i.e. element
 * (l, k, j, b) with k = 0 for h and 1 for c is at {@code ((2 l + k) H + j) batch + b}. One
 * sequence's values, as {@link #get}/{@link #set} copy them, are laid out
 * {@code [layer][h|c][unit]}: index {@code (2 l + k) H + j}, {@link #sizePerSequence()} in all.
 * A state is not thread-safe; concurrent {@code step()} calls each need their own.
 */
public final class State implements AutoCloseable {
    private final Precision precision;
    private final int layers, hidden, batch;
    private Pointer data;
    private final FloatBuffer fb;
    private final DoubleBuffer db;

    State(ModelConfig config, Precision precision, int batch) {
        if (batch < 1) throw new IllegalArgumentException("state batch must be >= 1, got " + batch);
        if ((long) config.stateSize() * batch >= Integer.MAX_VALUE)
            throw new IllegalArgumentException("state too large for batch " + batch);
        this.precision = precision;
        this.layers = config.layers();
        this.hidden = config.hiddenSize();
        this.batch = batch;
        long n = (long) config.stateSize() * batch;
        if (precision == Precision.FLOAT) {
            FloatPointer p = new FloatPointer(n);
            data = p;
            fb = p.asBuffer();
            db = null;
        } else {
            DoublePointer p = new DoublePointer(n);
            data = p;
            db = p.asBuffer();
            fb = null;
        }
        zero();
    }

    /** Number of sequences. */
    public int batch() { return batch; }
    public int layers() { return layers; }
    public int hiddenSize() { return hidden; }
    public Precision precision() { return precision; }

    /** Floats per sequence: 2 * layers * hiddenSize. */
    public int sizePerSequence() { return 2 * layers * hidden; }

    /** Total number of scalars (sizePerSequence() * batch()). */
    public long length() { return (long) sizePerSequence() * batch; }

    /** Zeroes all sequences. */
    public void zero() {
        open().zero();
    }

    /** Zeroes sequence b (state reset at a sentence start). */
    public void zero(int b) {
        checkSeq(b);
        int n = sizePerSequence();
        for (int i = 0; i < n; i++) {
            int k = i * batch + b;
            if (fb != null) fb.put(k, 0f); else db.put(k, 0.0);
        }
    }

    /** Copies sequence b's h and c of all layers into dst (length sizePerSequence()). */
    public void get(int b, float[] dst) {
        checkSeq(b);
        checkLen(dst == null ? -1 : dst.length, "destination");
        for (int i = 0; i < dst.length; i++) {
            int k = i * batch + b;
            dst[i] = fb != null ? fb.get(k) : (float) db.get(k);
        }
    }

    /** Copies src (length sizePerSequence()) into sequence b. */
    public void set(int b, float[] src) {
        checkSeq(b);
        checkLen(src == null ? -1 : src.length, "source");
        for (int i = 0; i < src.length; i++) {
            int k = i * batch + b;
            if (fb != null) fb.put(k, src[i]); else db.put(k, src[i]);
        }
    }

    /** As {@link #get(int, float[])} in double (exact for DOUBLE states). */
    public void getD(int b, double[] dst) {
        checkSeq(b);
        checkLen(dst == null ? -1 : dst.length, "destination");
        for (int i = 0; i < dst.length; i++) {
            int k = i * batch + b;
            dst[i] = fb != null ? fb.get(k) : db.get(k);
        }
    }

    /** As {@link #set(int, float[])} from double (rounded for FLOAT states). */
    public void setD(int b, double[] src) {
        checkSeq(b);
        checkLen(src == null ? -1 : src.length, "source");
        for (int i = 0; i < src.length; i++) {
            int k = i * batch + b;
            if (fb != null) fb.put(k, (float) src[i]); else db.put(k, src[i]);
        }
    }

    /** Copies sequence srcB of src into this state's sequence dstB (same shape and precision). */
    public void copyFrom(int dstB, State src, int srcB) {
        checkSeq(dstB);
        if (src == null) throw new IllegalArgumentException("source state is null");
        src.checkSeq(srcB);
        checkCompatible(src);
        int n = sizePerSequence();
        for (int i = 0; i < n; i++) {
            int d = i * batch + dstB, s = i * src.batch + srcB;
            if (fb != null) fb.put(d, src.fb.get(s)); else db.put(d, src.db.get(s));
        }
    }

    /** Copies all of src (same shape, batch and precision) into this state. */
    public void copyFrom(State src) {
        if (src == null) throw new IllegalArgumentException("source state is null");
        checkCompatible(src);
        if (src.batch != batch) throw new IllegalArgumentException("state batch " + src.batch + " != " + batch);
        Pointer.memcpy(open(), src.open(), length() * precision.bytes());
    }

    /** A view of the off-heap buffer (FloatPointer or DoublePointer, position 0, length()
     *  elements, valid until close()); IllegalStateException after close(). */
    public Pointer pointer() {
        return OffHeap.view(open(), 0, length());
    }

    /** The buffer itself, for the kernels (its position is never changed). */
    Pointer nativePointer() {
        return open();
    }

    boolean isClosed() {
        return data == null;
    }

    /** Frees the native memory; later use throws IllegalStateException. */
    @Override public void close() {
        if (data != null) {
            data.deallocate();
            data = null;
        }
    }

    private Pointer open() {
        if (data == null) throw new IllegalStateException("state is closed");
        return data;
    }

    private void checkSeq(int b) {
        open();
        if (b < 0 || b >= batch) throw new IllegalArgumentException("sequence " + b + " outside [0, " + batch + ")");
    }

    private void checkLen(int len, String what) {
        if (len != sizePerSequence())
            throw new IllegalArgumentException(what + " length " + (len < 0 ? "null" : len)
                    + " != sizePerSequence " + sizePerSequence());
    }

    private void checkCompatible(State o) {
        o.open();
        if (o.layers != layers || o.hidden != hidden || o.precision != precision)
            throw new IllegalArgumentException("incompatible states: " + o.layers + "x" + o.hidden + " " + o.precision
                    + " vs " + layers + "x" + hidden + " " + precision);
    }
}

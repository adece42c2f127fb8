package moglm.model;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Copies between Java arrays and the kernels' off-heap float or double buffers, converting between
 * precisions, through position-0 views (so a caller's Pointer position never matters).
 */
final class OffHeap {
    private OffHeap() {}

    /** A position-0 view of n elements starting offset elements after base's address (no ownership). */
    static Pointer view(Pointer base, long offset, long n) {
        long at = base.address() + offset * base.sizeof();   // (not "address": the field would shadow it)
        Pointer v = base instanceof DoublePointer ? new DoublePointer() { { address = at; } }
                : new FloatPointer() { { address = at; } };
        v.capacity(n);
        v.limit(n);
        return v;
    }

    static void copyOut(Pointer src, long offset, float[] dst) {
        if (src instanceof FloatPointer) {
            ((FloatPointer) view(src, offset, dst.length)).get(dst, 0, dst.length);
        } else {
            DoublePointer d = (DoublePointer) src;
            var buf = d.asBuffer();
            for (int i = 0; i < dst.length; i++) dst[i] = (float) buf.get((int) (offset + i));
        }
    }

    static void copyIn(Pointer dst, long offset, float[] src) {
        if (dst instanceof FloatPointer) {
            ((FloatPointer) view(dst, offset, src.length)).put(src, 0, src.length);
        } else {
            var buf = ((DoublePointer) dst).asBuffer();
            for (int i = 0; i < src.length; i++) buf.put((int) (offset + i), src[i]);
        }
    }

    static void copyOutD(Pointer src, long offset, double[] dst) {
        if (src instanceof DoublePointer) {
            ((DoublePointer) view(src, offset, dst.length)).get(dst, 0, dst.length);
        } else {
            var buf = ((FloatPointer) src).asBuffer();
            for (int i = 0; i < dst.length; i++) dst[i] = buf.get((int) (offset + i));
        }
    }

    static void copyInD(Pointer dst, long offset, double[] src) {
        if (dst instanceof DoublePointer) {
            ((DoublePointer) view(dst, offset, src.length)).put(src, 0, src.length);
        } else {
            var buf = ((FloatPointer) dst).asBuffer();
            for (int i = 0; i < src.length; i++) buf.put((int) (offset + i), (float) src[i]);
        }
    }
}

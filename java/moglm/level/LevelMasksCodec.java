package moglm.level;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Byte form of {@link LevelMasks}, stored as the extra section {@value #SECTION} of a model file.
 *
 * <pre>
 * int   magic 0x4D474C56 ("MGLV")     int version (1)
 * int   L, then L doubles             the sparsity levels, ascending
 * UTF   granularity                   "element" or "unit"
 * ...   body                          NestedElementMasks.write / NestedUnitMasks.write
 * </pre>
 * Integrity (checksum) is the model file's job; this codec checks structure and ranges.
 */
public final class LevelMasksCodec {
    /** Name of the model-file section holding the masks. */
    public static final String SECTION = "prune.levels";
    private static final int MAGIC = 0x4D474C56;
    private static final int VERSION = 1;

    private LevelMasksCodec() {}

    public static byte[] toBytes(LevelMasks m) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            double[] lv = m.levels().toArray();
            out.writeInt(lv.length);
            for (double s : lv) out.writeDouble(s);
            out.writeUTF(m.granularity());
            if (m instanceof ElementLevelMasks e) {
                e.masks().write(out);
            } else if (m instanceof NestedUnitMasks u) {
                u.write(out);
            } else {
                throw new IllegalArgumentException("cannot serialise " + m.getClass());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param where file name for error messages */
    public static LevelMasks fromBytes(byte[] b, String where) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
        try {
            if (in.readInt() != MAGIC) throw new IOException(where + ": section " + SECTION + " does not start with MGLV");
            int v = in.readInt();
            if (v != VERSION) throw new IOException(where + ": " + SECTION + " version " + v + ", this build reads " + VERSION);
            int n = in.readInt();
            if (n <= 0 || n > 254) throw new IOException(where + ": bad level count " + n);
            double[] lv = new double[n];
            for (int i = 0; i < n; i++) lv[i] = in.readDouble();
            SparsityLevels levels;
            try {
                levels = new SparsityLevels(lv);
            } catch (IllegalArgumentException e) {
                throw new IOException(where + ": " + e.getMessage());
            }
            if (levels.size() != n) throw new IOException(where + ": levels not distinct/positive");
            String g = in.readUTF();
            LevelMasks m = switch (g) {
                case "element" -> new ElementLevelMasks(NestedElementMasks.read(in, levels, where));
                case "unit" -> NestedUnitMasks.read(in, levels, where);
                default -> throw new IOException(where + ": unknown granularity '" + g + "'");
            };
            if (in.available() != 0) throw new IOException(where + ": " + in.available() + " trailing bytes in " + SECTION);
            return m;
        } catch (EOFException e) {
            throw new IOException(where + ": section " + SECTION + " is truncated", e);
        }
    }
}

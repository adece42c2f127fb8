package moglm.level;

import java.io.IOException;
import moglm.modelfile.SectionCodec;
import moglm.modelfile.Sections;

/**
 * Byte form of {@link LevelMasks}, stored as the extra section {@value #SECTION} of a model file.
 *
 * <pre>
 * magic "MGLV", version 2             ({@link SectionCodec}; version 1 was big-endian, still read)
 * i32   L, then L f64                 the sparsity levels, ascending
 * str   granularity                   "element" or "unit"
 * ...   body                          NestedElementMasks.write / NestedUnitMasks.write
 * </pre>
 * Integrity (checksum) is the model file's job; this codec checks structure and ranges.
 */
public final class LevelMasksCodec {
    /** Name of the model-file section holding the masks. */
    public static final String SECTION = Sections.PRUNE_LEVELS;
    private static final String MAGIC = "MGLV";
    /** 1: big-endian (read only); 2: little-endian ({@link SectionCodec}). */
    private static final int VERSION = 2;

    private LevelMasksCodec() {}

    public static byte[] toBytes(LevelMasks m) {
        SectionCodec.Writer out = SectionCodec.writer(MAGIC, VERSION);
        double[] lv = m.levels().toArray();
        out.writeInt(lv.length);
        for (double s : lv) out.writeDouble(s);
        out.writeString(m.granularity());
        if (m instanceof ElementLevelMasks e) {
            e.masks().write(out);
        } else if (m instanceof NestedUnitMasks u) {
            u.write(out);
        } else {
            throw new IllegalArgumentException("cannot serialise " + m.getClass());
        }
        return out.toBytes();
    }

    /** @param where file name for error messages */
    public static LevelMasks fromBytes(byte[] b, String where) throws IOException {
        SectionCodec.Reader in = SectionCodec.read(b, SECTION, MAGIC, VERSION, where);
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
        String g = in.readString();
        LevelMasks m = switch (g) {
            case "element" -> new ElementLevelMasks(NestedElementMasks.read(in, levels, where));
            case "unit" -> NestedUnitMasks.read(in, levels, where);
            default -> throw new IOException(where + ": unknown granularity '" + g + "'");
        };
        in.end();
        return m;
    }
}

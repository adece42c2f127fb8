package moglm.level;

import java.io.IOException;
import java.util.Arrays;
import java.util.TreeSet;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.modelfile.ModelFile;
import moglm.modelfile.ModelFileException;
import moglm.modelfile.SectionCodec;
import moglm.modelfile.SectionFile;
import moglm.modelfile.Sections;

/**
 * The nested rank levels of one low-rank model file: ranks k_1 &lt; k_2 &lt; ... below the model's
 * full rank K (its largest factor rank: mogrifier, LSTM or embedding/output), each served by the
 * first min(k, rank) directions of every factored matrix ({@link NestedRanks}: level k caps every
 * rank at k); K itself is the full model (level 0). Only meaningful when the
 * factors are ordered by singular value, as {@code moglm.lowrank.LowRank} writes them: then level k is
 * the best rank-k approximation of every round matrix of the rank-K model, and one file serves
 * every listed size. {@code moglm export-rank --rank-levels} writes such files; {@code moglm ppl
 * --level k}, {@code moglm export --level k} and {@code moglm info} read them
 * ({@link Level}: a level >= 1 is a rank, a level in [0, 1) a sparsity).
 *
 * <p>Stored as the model-file section {@value #SECTION}:
 * <pre>
 * magic "MGRL", version 2           ({@link SectionCodec}; version 1 was big-endian, still read)
 * i32 n, then n i32                 the ranks, ascending, each in 1 .. K-1
 * </pre>
 */
public final class RankLevels {
    /** Name of the model-file section holding the ranks. */
    public static final String SECTION = Sections.LOWRANK_LEVELS;
    private static final String MAGIC = "MGRL";
    /** 1: big-endian (read only); 2: little-endian ({@link SectionCodec}). */
    private static final int VERSION = 2;

    private final int[] ranks;
    private final int fullRank;

    /**
     * Levels of a rank-{@code fullRank} model; {@code ranks} may list fullRank itself (dropped:
     * it is the full model) and in any order; at least one rank below fullRank must remain.
     */
    public RankLevels(int fullRank, int... ranks) {
        if (fullRank < 1) throw new IllegalArgumentException("rank levels need a low-rank model (rank > 0), got rank " + fullRank);
        TreeSet<Integer> set = new TreeSet<>();
        for (int k : ranks) {
            if (k < 1 || k > fullRank) throw new IllegalArgumentException("rank level " + k + " outside 1.." + fullRank);
            if (k < fullRank) set.add(k);
        }
        if (set.isEmpty()) throw new IllegalArgumentException("need at least one rank level below the model's rank " + fullRank
                + ", got " + Arrays.toString(ranks));
        this.ranks = set.stream().mapToInt(Integer::intValue).toArray();
        this.fullRank = fullRank;
    }

    /** Parses a comma-separated list such as {@code 2,4,8} for a rank-{@code fullRank} model. */
    public static RankLevels parse(String csv, int fullRank) {
        String[] parts = csv.trim().split("\\s*,\\s*");
        int[] k = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                k[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--rank-levels: '" + parts[i] + "' is not an integer in \"" + csv + "\"");
            }
        }
        return new RankLevels(fullRank, k);
    }

    /** The ranks below the full rank, ascending. */
    public int[] ranks() { return ranks.clone(); }

    /** The model's rank K (the full level). */
    public int fullRank() { return fullRank; }

    /** True when k is a listed rank or the full rank. */
    public boolean contains(int k) {
        return k == fullRank || Arrays.binarySearch(ranks, k) >= 0;
    }

    /**
     * The rank a {@code --level} value names: an integer in the list or the full rank, else an
     * IllegalArgumentException naming the available levels.
     */
    public int rankOf(int level) {
        if (!contains(level))
            throw new IllegalArgumentException("no rank level " + level + "; rank levels are " + this + " (" + fullRank + " = full)");
        return level;
    }

    /** Parameters of the rank-k level's export in a model of config c (exact: the factors shrink to k). */
    public static long params(ModelConfig c, int k) {
        return NestedRanks.capped(c, k).numParams();
    }

    /** The section bytes. */
    public byte[] toBytes() {
        SectionCodec.Writer out = SectionCodec.writer(MAGIC, VERSION);
        out.writeInt(ranks.length);
        for (int k : ranks) out.writeInt(k);
        return out.toBytes();
    }

    /** Inverse of {@link #toBytes} for a model of rank {@code fullRank}; {@code where} names the file in errors. */
    public static RankLevels fromBytes(byte[] bytes, int fullRank, String where) throws IOException {
        SectionCodec.Reader in = SectionCodec.read(bytes, SECTION, MAGIC, VERSION, where);
        int n = in.readInt();
        if (n <= 0 || n > 4096) throw new IOException(where + ": bad rank level count " + n);
        int[] k = new int[n];
        for (int i = 0; i < n; i++) k[i] = in.readInt();
        in.end();
        for (int i = 1; i < n; i++) if (k[i] <= k[i - 1]) throw new IOException(where + ": rank levels not ascending: " + Arrays.toString(k));
        try {
            return new RankLevels(fullRank, k);
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": " + e.getMessage());
        }
    }

    /** The rank levels stored in a loaded model file, or null when it has none. */
    public static RankLevels of(ModelFile.Loaded loaded) throws IOException {
        SectionFile f = loaded.file();
        if (!f.has(SECTION)) return null;
        int k = NestedRanks.fullRank(loaded.model().config());
        if (k == 0) throw new ModelFileException(f.file(), "has rank levels but no factored matrices (all ranks 0)");
        try {
            return fromBytes(f.bytes(SECTION), k, f.file().toString());
        } catch (IOException e) {
            throw new ModelFileException(f.file(), e.getMessage());
        }
    }

    /**
     * Zeroes the directions beyond rank k in the model's factors (the masks of
     * {@link NestedRanks#select} applied to the weights; no mask stays installed): the model
     * then computes level k at the rank-K kernels' speed.
     */
    public static void selectInPlace(MogrifierLM m, int k) {
        NestedRanks.select(m, k);
        m.applyMasksToParams();
        m.clearMasks();
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int k : ranks) sb.append(sb.length() > 0 ? "," : "").append(k);
        return sb.toString();
    }
}

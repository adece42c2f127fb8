package moglm.prune;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import moglm.lowrank.RankLevels;
import moglm.modelfile.ModelFile;
import moglm.modelfile.ModelFileException;
import moglm.modelfile.SectionFile;
import moglm.model.MogrifierLM;
import moglm.model.SparseKernels;
import moglm.model.Vocabulary;

/**
 * Loading and saving on-demand models: one model file holds the shared weights plus the nested
 * masks of every level (section {@value LevelMasksCodec#SECTION}); a level is chosen at load time.
 *
 * <p>A level is one number: 0 is the dense (full) model; a value in (0, 1) is a sparsity level of
 * the file's masks; an integer k >= 1 is a rank level of a nested low-rank model (section
 * {@value RankLevels#SECTION}, {@link RankLevels}): the first k singular directions of every
 * mogrifier matrix. The two ranges cannot be confused (a sparsity is below 1, a rank at least 1).
 *
 * <pre>{@code
 * try (ModelFile.Loaded m = Levels.load(Path.of("lm.mlm"), 0.4)) {   // 0 = the dense network
 *     m.model().step(words, B, state, logProbs);                     // the 40%-sparse network
 * }
 * }</pre>
 * Selecting a level zeroes the pruned weights in the loaded copy and leaves no mask installed:
 * a zero weight contributes nothing, and a removed hidden unit (all its gate rows zero) keeps a
 * zero cell and output from a zero state, so inference computes exactly the level's function; a
 * rank level likewise zeroes the factors' directions beyond k. Weight matrices left sparse enough
 * run on the CSR kernel ({@link SparseKernels}: element levels of density &lt;= 0.3); the others,
 * unit and rank levels run the dense kernels at dense speed. For a physically smaller model use
 * {@code moglm export}.
 */
public final class Levels {
    private Levels() {}

    /** Loads a model file and selects the level with sparsity {@code level} (0 = dense). */
    public static ModelFile.Loaded load(Path file, double level) throws IOException {
        ModelFile.Loaded loaded = ModelFile.read(file);
        try {
            select(loaded, level);
            return loaded;
        } catch (IOException | RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    /** Applies level {@code level} of the file's masks or rank levels to the loaded model (0 = leave dense). */
    public static void select(ModelFile.Loaded loaded, double level) throws IOException {
        if (level == 0) return;
        if (level >= 1) {
            RankLevels.selectInPlace(loaded.model(), rank(loaded, level));
            return;
        }
        LevelMasks masks = masks(loaded);
        if (masks == null) {
            RankLevels r = RankLevels.of(loaded);
            throw new ModelFileException(loaded.file().file(), r != null
                    ? "has no sparsity levels; its levels are the ranks " + r + " (and 0 = full rank " + r.fullRank() + ")"
                    : "has no on-demand levels (section " + LevelMasksCodec.SECTION + "); it can only be used dense (level 0)");
        }
        int k;
        try {
            k = masks.levels().indexOf(level);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(loaded.file().file(), e.getMessage());
        }
        MogrifierLM m = loaded.model();
        ModelMasks.select(m, masks, k);
        m.applyMasksToParams();
        m.clearMasks();
        SparseKernels.apply(m);
    }

    /**
     * The rank that {@code level} (>= 1) names in the loaded file's rank levels; a
     * {@link ModelFileException} when the file has none or not this one.
     */
    public static int rank(ModelFile.Loaded loaded, double level) throws IOException {
        RankLevels r = RankLevels.of(loaded);
        if (r == null) {
            throw new ModelFileException(loaded.file().file(), "has no rank levels (section " + RankLevels.SECTION
                    + "): a level >= 1 names a rank of a nested low-rank model (moglm export-rank --rank-levels)");
        }
        try {
            return r.rankOf(level);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(loaded.file().file(), e.getMessage());
        }
    }

    /** The rank levels stored in a loaded model file, or null when it has none. */
    public static RankLevels rankLevels(ModelFile.Loaded loaded) throws IOException {
        return RankLevels.of(loaded);
    }

    /** A level as the user types it: 0.4 (sparsity) or 8 (rank). */
    public static String format(double level) {
        return level >= 1 ? RankLevels.format(level) : SparsityLevels.format(level);
    }

    /** The nested masks stored in a loaded model file, or null when it has none. */
    public static LevelMasks masks(ModelFile.Loaded loaded) throws IOException {
        SectionFile f = loaded.file();
        if (!f.has(LevelMasksCodec.SECTION)) return null;
        LevelMasks m = LevelMasksCodec.fromBytes(f.bytes(LevelMasksCodec.SECTION), f.file().toString());
        try {
            if (m instanceof ElementLevelMasks e) e.masks().checkCompatible(ModelMasks.tensors(loaded.model()), f.file().toString());
            if (m instanceof NestedUnitMasks u && !u.tensors().equals(ModelMasks.tensors(loaded.model()))) {
                throw new IllegalArgumentException(f.file() + ": unit masks were built for another parameter layout");
            }
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(f.file(), e.getMessage());
        }
        return m;
    }

    /** Writes a model file with the dense weights and (when non-null) the nested masks. */
    public static void write(Path file, MogrifierLM model, Vocabulary vocab, Map<String, String> info, LevelMasks masks)
            throws IOException {
        SectionFile.Writer w = ModelFile.writer(ModelFile.CODEC, model, vocab, info);
        if (masks != null) w.bytes(LevelMasksCodec.SECTION, LevelMasksCodec.toBytes(masks));
        w.write(file);
    }
}

package moglm.level;

import java.io.IOException;
import java.nio.file.Path;
import moglm.modelfile.ModelFile;
import moglm.modelfile.ModelFileException;
import moglm.modelfile.SectionFile;
import moglm.model.MogrifierLM;
import moglm.model.SparseKernels;

/**
 * Loads a model file at a {@link Level}: one model file holds the shared weights plus the nested
 * masks of every sparsity level (section {@value LevelMasksCodec#SECTION}) or the rank levels of
 * a nested low-rank model (section {@value RankLevels#SECTION}, {@link RankLevels}: the first k
 * singular directions of every factored matrix); the level is chosen at load time.
 *
 * <pre>{@code
 * try (ModelFile.Loaded m = LevelLoader.load(Path.of("lm.mlm"), Level.parse("0.4"))) {
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
public final class LevelLoader {
    private LevelLoader() {}

    /** Loads a model file and selects {@code level}. */
    public static ModelFile.Loaded load(Path file, Level level) throws IOException {
        ModelFile.Loaded loaded = ModelFile.read(file);
        try {
            select(loaded, level);
            return loaded;
        } catch (IOException | RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    /** Applies {@code level} (the file's masks or rank levels) to the loaded model; the dense level leaves it as it is. */
    public static void select(ModelFile.Loaded loaded, Level level) throws IOException {
        if (level instanceof Level.Rank r) RankLevels.selectInPlace(loaded.model(), rank(loaded, r));
        else if (level instanceof Level.Sparsity s) selectSparsity(loaded, s);
    }

    private static void selectSparsity(ModelFile.Loaded loaded, Level.Sparsity level) throws IOException {
        LevelMasks masks = masks(loaded);
        if (masks == null) {
            RankLevels r = RankLevels.of(loaded);
            throw new ModelFileException(loaded.file().file(), r != null
                    ? "has no sparsity levels; its levels are the ranks " + r + " (and 0 = full rank " + r.fullRank() + ")"
                    : "has no on-demand levels (section " + LevelMasksCodec.SECTION + "); it can only be used dense (level 0)");
        }
        int k;
        try {
            k = masks.levels().indexOf(level.fraction());
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
     * The rank that {@code level} names in the loaded file's rank levels (checked); a
     * {@link ModelFileException} when the file has none or not this one.
     */
    public static int rank(ModelFile.Loaded loaded, Level.Rank level) throws IOException {
        RankLevels r = RankLevels.of(loaded);
        if (r == null) {
            throw new ModelFileException(loaded.file().file(), "has no rank levels (section " + RankLevels.SECTION
                    + "): a level >= 1 names a rank of a nested low-rank model (moglm export-rank --rank-levels)");
        }
        try {
            return r.rankOf(level.k());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(loaded.file().file(), e.getMessage());
        }
    }

    /** The rank levels stored in a loaded model file, or null when it has none. */
    public static RankLevels rankLevels(ModelFile.Loaded loaded) throws IOException {
        return RankLevels.of(loaded);
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
}

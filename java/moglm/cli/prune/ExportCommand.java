package moglm.cli.prune;

import moglm.cli.common.MoglmCommand;
import moglm.cli.common.ThreadsOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import moglm.modelfile.ModelFile;
import moglm.modelfile.ModelFileException;
import moglm.prune.LevelExport;
import moglm.level.LevelMasks;
import moglm.level.LevelMasksCodec;
import moglm.level.Level;
import moglm.level.LevelLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code moglm export}: writes one on-demand level of a model as a deployable model file. */
@Command(name = "export", sortOptions = false,
        customSynopsis = "moglm export [options] --level=<level> -o <out.mlm> <model>",
        description = {
            "Write one level of an on-demand model (moglm train --levels, or a nested low-rank model) as a deployable model file.",
            "The level masks are not written. Structured levels (--granularity unit) become smaller dense matrices (fewer hidden"
                + " units: physically smaller). Element levels are written in sparse storage (a bitmap and the non-zero values:"
                + " a smaller file at every level); loading one runs the weight matrices of density <= 0.3 on the CSR sparse"
                + " kernel and the denser ones on the dense kernels, which cpp/test/sparse_bench.sh measured to be faster there."
                + " Level 0 is the dense network; --level=0 --keep-levels writes the dense weights with every level's masks.",
            "A level k >= 1 is a rank level of a nested low-rank model (moglm export-rank --rank-levels): written as the rank-k"
                + " model (the first k singular directions of every factored matrix; physically smaller)."},
        footer = {"moglm export --level=0.4 -o exp/od/small.mlm exp/od/final.mlm",
                "moglm export --level=8 -o exp/lr/r8.mlm exp/lr/nested.mlm",
                "moglm export --level=0 -o server.mlm exp/dual/final.mlm && moglm export --level=0.8 -o device.mlm exp/dual/final.mlm"})
public final class ExportCommand extends MoglmCommand {
    @Mixin ThreadsOption threads = new ThreadsOption();
    @Parameters(index = "0", paramLabel = "<model>") Path model;
    @Option(names = "--level", required = true, paramLabel = "LEVEL", description = "Sparsity level in [0, 1) or rank level >= 1 to export (0 = dense).") double level;
    @Option(names = {"-o", "--output"}, required = true, paramLabel = "<out.mlm>", description = "The model file to write.") Path out;
    @Option(names = "--keep-levels", description = "With --level=0: write the dense weights WITH every level's masks (one on-demand"
            + " model file, e.g. from a training checkpoint stopped with --max-steps: optimiser and resume sections dropped).")
    boolean keepLevels;

    @Override protected int run() throws Exception {
        threads.apply();
        try (ModelFile.Loaded m = ModelFile.read(model)) {
            LevelMasks masks = LevelLoader.masks(m);
            if (masks == null && level != 0 && level < 1) {
                throw new IllegalArgumentException(model + " has no on-demand sparsity levels; only --level=0"
                        + (LevelLoader.rankLevels(m) != null ? " or a rank level (moglm info lists them)" : "") + " is possible");
            }
            if (keepLevels) {
                if (level != 0 || masks == null) {
                    throw new IllegalArgumentException("--keep-levels needs --level=0 and a model with on-demand levels (" + model + ")");
                }
                ModelFile.writer(ModelFile.CODEC, m.model(), m.vocabulary(), LevelExport.info(m, model.toString(), Level.DENSE))
                        .bytes(LevelMasksCodec.SECTION, LevelMasksCodec.toBytes(masks)).write(out);
                System.out.printf(Locale.ROOT, "%s: dense weights and levels %s -> %s: %d parameters, %d bytes%n",
                        model, masks.levels(), out, m.model().numParams(), Files.size(out));
                return 0;
            }
            LevelExport.Written w;
            try {
                w = LevelExport.write(m, masks, Level.of(level), out, LevelExport.info(m, model.toString(), Level.of(level)));
            } catch (ModelFileException | IllegalArgumentException e) {
                throw new IllegalArgumentException("--level=" + Level.format(level) + ": " + e.getMessage(), e);
            }
            System.out.printf(Locale.ROOT, "%s: level %s (%s) -> %s: %d parameters (%d non-zero), %d bytes%n",
                    model, Level.format(level), w.how(), out, w.params(), w.nonZero(), Files.size(out));
        }
        return 0;
    }
}

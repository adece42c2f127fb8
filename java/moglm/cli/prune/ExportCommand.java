package moglm.cli.prune;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import moglm.modelfile.ModelFile;
import moglm.prune.LevelExport;
import moglm.prune.LevelMasks;
import moglm.prune.Levels;
import moglm.prune.SparsityLevels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code moglm export}: writes one on-demand level of a model as a deployable model file. */
@Command(name = "export", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Write one sparsity level of an on-demand model (moglm train --levels ...) as a deployable model file",
            "without the level masks. Structured levels (--granularity unit) become smaller dense matrices (fewer hidden",
            "units: physically smaller). Element levels are written in sparse storage (a bitmap and the non-zero values:",
            "a smaller file at every level); loading one runs the weight matrices of density <= 0.3 on the CSR sparse",
            "kernel and the denser ones on the dense kernels, which cpp/test/sparse_bench.sh measured to be faster there.",
            "Level 0 is the dense network.",
            "",
            "Usage:  moglm export --level=<s> -o <out.mlm> <model>",
            "e.g.:   moglm export --level=0.4 -o exp/od/small.mlm exp/od/model.mlm",
            "        moglm export --level=0 -o server.mlm exp/dual/model.mlm && \\",
            "        moglm export --level=0.8 -o device.mlm exp/dual/model.mlm      # dual mode: both models",
            ""})
public final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<model>") Path model;
    @Option(names = "--level", required = true, description = "Sparsity level to export (0 = dense).") double level;
    @Option(names = {"-o", "--output"}, required = true, paramLabel = "<out.mlm>") Path out;

    @Override public Integer call() throws Exception {
        try (ModelFile.Loaded m = ModelFile.read(model)) {
            LevelMasks masks = Levels.masks(m);
            if (masks == null && level != 0) {
                System.err.println("moglm export: " + model + " has no on-demand levels; only --level=0 is possible");
                return 1;
            }
            LevelExport.Written w = LevelExport.write(m, masks, level, out, LevelExport.info(m, model.toString(), level));
            System.out.printf(Locale.ROOT, "%s: level %s (%s) -> %s: %d parameters (%d non-zero), %d bytes%n",
                    model, SparsityLevels.format(level), w.how(), out, w.params(), w.nonZero(), Files.size(out));
        }
        return 0;
    }
}

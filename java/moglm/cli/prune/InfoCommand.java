package moglm.cli.prune;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import moglm.lowrank.RankLevels;
import moglm.modelfile.ModelFile;
import moglm.prune.LevelExport;
import moglm.prune.LevelMasks;
import moglm.prune.Levels;
import moglm.prune.SparsityLevels;
import moglm.train.Corpus;
import moglm.train.Evaluator;
import moglm.train.TextFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code moglm info}: per on-demand level, size of the deployable model, and its perplexity and speed. */
@Command(name = "info", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Describe a moglm model: architecture, and for the dense network and every on-demand level the parameter",
            "count of the deployable export (moglm export), its non-zero parameters and file size; with --text also the",
            "perplexity (PTB counting) and the evaluation speed (tokens/s) of that export, measured one after the other",
            "in this run. Nested low-rank models (moglm export-rank --rank-levels) list their rank levels the same way",
            "(level k = the first k singular directions of every mogrifier matrix, exported as a rank-k model).",
            "",
            "Usage:  moglm info [--text=<text>] <model>",
            "e.g.:   moglm info --text=data/ptb/ptb.test.txt exp/od/model.mlm",
            ""})
public final class InfoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<model>") Path model;
    @Option(names = "--text", paramLabel = "FILE", description = "Text for perplexity and speed.") Path text;
    @Option(names = "--utt-ids", arity = "0..1", fallbackValue = "true", description = "Text is Kaldi data/text.") boolean uttIds;
    @Option(names = "--batch-size", description = "Columns evaluated in parallel. Default ${DEFAULT-VALUE}.") int batch = 1;
    @Option(names = "--bptt", description = "Steps per forward call. Default ${DEFAULT-VALUE}.") int bptt = 35;
    @Option(names = "--threads", description = "BLAS threads. Default ${DEFAULT-VALUE}.") int threads = 2;

    @Override public Integer call() throws Exception {
        moglm.kernel.Threads.set(threads);
        Path tmpDir = Files.createTempDirectory("moglm-info");
        try (ModelFile.Loaded m = ModelFile.read(model)) {
            var c = m.model().config();
            System.out.printf(Locale.ROOT, "%s: V=%d E=%d H=%d layers=%d rounds=%d rank=%d tied=%b, %d parameters, %d bytes%n",
                    model, c.vocabSize(), c.embedSize(), c.hiddenSize(), c.layers(), c.rounds(), c.rank(), c.tied(),
                    m.model().numParams(), Files.size(model));
            LevelMasks masks = Levels.masks(m);
            double[] levels = masks == null ? new double[] {0} : prepend0(masks.levels().toArray());
            System.out.println(masks == null ? "no on-demand levels" : "on-demand levels (" + masks.granularity() + "): " + masks.levels());
            boolean reset = Boolean.parseBoolean(m.config().getOrDefault("reset_at_sentence_start", "false"));
            Corpus corpus = text == null ? null : Corpus.read(text, m.vocabulary(), uttIds ? TextFormat.KALDI : TextFormat.PLAIN);
            System.out.printf(Locale.ROOT, "%-7s %-34s %11s %11s %12s%s%n", "level", "export", "params", "non-zero", "file-bytes",
                    corpus == null ? "" : String.format(Locale.ROOT, " %10s %10s", "ppl", "tokens/s"));
            // ascending sparsity: the nested levels can be selected one after the other on one copy
            for (double s : levels) row(m, masks, s, tmpDir, corpus, reset);
            RankLevels ranks = Levels.rankLevels(m);
            if (ranks != null) {
                System.out.println("rank levels (nested low-rank, full rank " + ranks.fullRank() + " = level 0): " + ranks);
                int[] k = ranks.ranks();
                // descending rank: nested, so again one after the other on one copy (a fresh one if sparsity levels ran)
                try (ModelFile.Loaded copy = masks == null ? null : ModelFile.read(model)) {
                    for (int i = k.length - 1; i >= 0; i--) row(copy != null ? copy : m, null, k[i], tmpDir, corpus, reset);
                }
            }
        } finally {
            try (var st = Files.list(tmpDir)) {
                for (Path p : (Iterable<Path>) st::iterator) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(tmpDir);
        }
        return 0;
    }

    /** Exports level s of m to a temporary file and prints its row (with perplexity and speed when corpus != null). */
    private void row(ModelFile.Loaded m, LevelMasks masks, double s, Path tmpDir, Corpus corpus, boolean reset) throws java.io.IOException {
        Path out = tmpDir.resolve("level-" + Levels.format(s) + ".mlm");
        LevelExport.Written w = LevelExport.write(m, masks, s, out, LevelExport.info(m, model.toString(), s));
        String row = String.format(Locale.ROOT, "%-7s %-34s %11d %11d %12d", Levels.format(s), w.how(), w.params(),
                w.nonZero(), Files.size(out));
        if (corpus != null) {
            try (ModelFile.Loaded e = ModelFile.read(out)) {
                long t0 = System.nanoTime();
                Evaluator.Result r = Evaluator.evaluate(e.model(), corpus, batch, bptt, reset);
                double sec = (System.nanoTime() - t0) / 1e9;
                row += String.format(Locale.ROOT, " %10.3f %10.0f", r.perplexity(), r.count() / sec);
            }
        }
        System.out.println(row);
        Files.deleteIfExists(out);
    }

    private static double[] prepend0(double[] a) {
        double[] out = new double[a.length + 1];
        System.arraycopy(a, 0, out, 1, a.length);
        return out;
    }
}

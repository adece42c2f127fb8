package moglm.cli.prune;

import moglm.cli.common.MoglmCommand;
import moglm.cli.common.ThreadsOption;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import moglm.level.RankLevels;
import moglm.modelfile.ModelFile;
import moglm.prune.LevelExport;
import moglm.level.LevelMasks;
import moglm.level.Level;
import moglm.level.LevelLoader;
import moglm.level.SparsityLevels;
import moglm.train.Corpus;
import moglm.train.Evaluator;
import moglm.train.TextFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code moglm info}: per on-demand level, the deployable export's size, and with a text its
 * perplexity and speed. The speeds of all levels are measured side by side in one run: every
 * export is loaded first, then {@code --repeats} rounds each evaluate every level once (in a
 * rotated order), and each level reports its best round. A load change during the run therefore
 * hits all levels alike, and the ratio to the dense network ({@code x-dense}) is the number to
 * compare (e.g. the "structured 40% level >= 1.4x faster").
 */
@Command(name = "info", sortOptions = false,
        customSynopsis = "moglm info [options] <model>",
        description = {
            "Describe a moglm model: its architecture and, for the dense network and every on-demand level, the size of its deployable export.",
            "For each level: the parameter count of the export (moglm export), its non-zero parameters and file size; with --text also the"
                + " perplexity (PTB counting) of that export and its evaluation speed, measured side by side: all exports are loaded,"
                + " then --repeats rounds evaluate every level once each (rotating the order); a level's tokens/s is its best round"
                + " (wall time). A block after the table repeats it with x-dense, the ratio to the dense network's tokens/s, and"
                + " tokens/cpu-s over all rounds (less sensitive to other jobs on the machine; the evaluating thread's CPU time with"
                + " --threads=1, the process's otherwise).",
            "Nested low-rank models (moglm export-rank --rank-levels) list their rank levels the same way (level k = the first k"
                + " singular directions of every mogrifier matrix, exported as a rank-k model)."},
        footer = {"moglm info exp/od/final.mlm",
                "moglm info --text=data/ptb/ptb.test.txt --repeats=5 exp/od/final.mlm"})
public final class InfoCommand extends MoglmCommand {
    @Parameters(index = "0", paramLabel = "<model>") Path model;
    @Option(names = "--text", paramLabel = "FILE", description = "Text for perplexity and speed.") Path text;
    @Option(names = "--utt-ids", arity = "0..1", fallbackValue = "true", description = "Text is Kaldi data/text.") boolean uttIds;
    @Option(names = "--batch-size", description = "Columns evaluated in parallel.") int batch = 1;
    @Option(names = "--bptt", description = "Steps per forward call.") int bptt = 35;
    @Mixin ThreadsOption threads = new ThreadsOption();
    @Option(names = "--repeats", description = "Timed rounds over all levels (best round counts).")
    int repeats = 3;

    /** One level's export, loaded, and what was measured on it. */
    private static final class Row {
        final double level;
        final LevelExport.Written written;
        final long bytes;
        final ModelFile.Loaded loaded;
        double ppl = Double.NaN, bestTps, cpuSeconds;
        long timedTokens;

        Row(double level, LevelExport.Written written, long bytes, ModelFile.Loaded loaded) {
            this.level = level;
            this.written = written;
            this.bytes = bytes;
            this.loaded = loaded;
        }
    }

    @Override protected int run() throws Exception {
        if (repeats < 1) throw new IllegalArgumentException("--repeats must be >= 1, got " + repeats);
        threads.apply();
        Path tmpDir = Files.createTempDirectory("moglm-info");
        List<Row> rows = new ArrayList<>();
        try (ModelFile.Loaded m = ModelFile.read(model)) {
            var c = m.model().config();
            System.out.printf(Locale.ROOT, "%s: V=%d E=%d H=%d layers=%d rounds=%d rank=%d lstm-rank=%d embed-rank=%d tied=%b, %d parameters, %d bytes%n",
                    model, c.vocabSize(), c.embedSize(), c.hiddenSize(), c.layers(), c.rounds(), c.rank(), c.lstmRank(), c.embedRank(), c.tied(),
                    m.model().numParams(), Files.size(model));
            LevelMasks masks = LevelLoader.masks(m);
            double[] levels = masks == null ? new double[] {0} : prepend0(masks.levels().toArray());
            System.out.println(masks == null ? "no on-demand levels" : "on-demand levels (" + masks.granularity() + "): " + masks.levels());
            boolean reset = Boolean.parseBoolean(m.config().getOrDefault("reset_at_sentence_start", "false"));
            Corpus corpus = text == null ? null : Corpus.read(text, m.vocabulary(), uttIds ? TextFormat.KALDI : TextFormat.PLAIN);
            // ascending sparsity: the nested levels can be selected one after the other on one copy
            for (double s : levels) rows.add(export(m, masks, s, tmpDir, corpus));
            RankLevels ranks = LevelLoader.rankLevels(m);
            if (ranks != null) {
                System.out.println("rank levels (nested low-rank, full rank " + ranks.fullRank() + " = level 0): " + ranks);
                int[] k = ranks.ranks();
                // descending rank: nested, so again one after the other on one copy (a fresh one if sparsity levels ran)
                try (ModelFile.Loaded copy = masks == null ? null : ModelFile.read(model)) {
                    for (int i = k.length - 1; i >= 0; i--) rows.add(export(copy != null ? copy : m, null, k[i], tmpDir, corpus));
                }
            }
            if (corpus != null) measure(rows, corpus, reset);
            System.out.printf(Locale.ROOT, "%-7s %-40s %11s %11s %12s%s%n", "level", "export", "params", "non-zero", "file-bytes",
                    corpus == null ? "" : String.format(Locale.ROOT, " %10s %10s", "ppl", "tokens/s"));
            for (Row r : rows) {
                String row = String.format(Locale.ROOT, "%-7s %-40s %11d %11d %12d", Level.format(r.level), r.written.how(),
                        r.written.params(), r.written.nonZero(), r.bytes);
                if (corpus != null) row += String.format(Locale.ROOT, " %10.3f %10.0f", r.ppl, r.bestTps);
                System.out.println(row);
            }
            if (corpus != null) {
                // a separate block: scripts read the table rows' last five fields
                System.out.printf(Locale.ROOT, "speed side by side: best of %d interleaved rounds over %d tokens, batch %d, bptt %d, %d BLAS thread(s)%n",
                        repeats, corpus.targetCount(), batch, bptt, threads.threads());
                for (Row r : rows) {
                    System.out.printf(Locale.ROOT, "  level %-6s tokens/s %9.0f   x-dense %5.2f   tokens/cpu-s %9.0f%n",
                            Level.format(r.level), r.bestTps, r.bestTps / rows.get(0).bestTps,
                            r.cpuSeconds > 0 ? r.timedTokens / r.cpuSeconds : 0.0);
                }
            }
        } finally {
            for (Row r : rows) if (r.loaded != null) r.loaded.close();
            try (var st = Files.list(tmpDir)) {
                for (Path p : (Iterable<Path>) st::iterator) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(tmpDir);
        }
        return 0;
    }

    /** Exports level s of m to a temporary file; its row, with the export loaded back when corpus != null. */
    private Row export(ModelFile.Loaded m, LevelMasks masks, double s, Path tmpDir, Corpus corpus) throws java.io.IOException {
        Path out = tmpDir.resolve("level-" + Level.format(s) + ".mlm");
        LevelExport.Written w = LevelExport.write(m, masks, Level.of(s), out, LevelExport.info(m, model.toString(), Level.of(s)));
        // a model without levels is reported as the file it is (e.g. an element export in sparse
        // storage), not as the dense-storage copy written here to measure it
        long bytes = masks == null && s == 0 ? Files.size(model) : Files.size(out);
        Row r = new Row(s, w, bytes, corpus == null ? null : ModelFile.read(out));
        Files.deleteIfExists(out);
        return r;
    }

    /** Perplexity once per level, then {@link #repeats} timed rounds, each over all levels. */
    private void measure(List<Row> rows, Corpus corpus, boolean reset) {
        for (Row r : rows) r.ppl = Evaluator.evaluate(r.loaded.model(), corpus, batch, bptt, reset).perplexity();  // also warms up
        int n = rows.size();
        for (int round = 0; round < repeats; round++) {
            for (int j = 0; j < n; j++) {
                Row r = rows.get((j + round) % n);
                long cpu0 = cpuNanos(), t0 = System.nanoTime();
                Evaluator.Result res = Evaluator.evaluate(r.loaded.model(), corpus, batch, bptt, reset);
                double sec = (System.nanoTime() - t0) / 1e9;
                r.cpuSeconds += (cpuNanos() - cpu0) / 1e9;
                r.timedTokens += res.count();
                r.bestTps = Math.max(r.bestTps, res.count() / sec);
            }
        }
    }

    /** CPU time: this thread's with one BLAS thread (OpenBLAS then computes in the caller), else the process's. */
    private long cpuNanos() {
        if (threads.threads() == 1) return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static double[] prepend0(double[] a) {
        double[] out = new double[a.length + 1];
        System.arraycopy(a, 0, out, 1, a.length);
        return out;
    }
}

package moglm.cli.prune;

import moglm.cli.common.MoglmCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import moglm.level.Level;
import moglm.level.LevelLoader;
import moglm.level.LevelMasks;
import moglm.modelfile.ModelFile;
import moglm.prune.LevelBudget;
import moglm.prune.LevelExport;
import moglm.prune.LevelTable;
import moglm.prune.StepSpeed;
import moglm.train.Corpus;
import moglm.train.Evaluator;
import moglm.train.TextFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code moglm pick-level}: the on-demand level of a model that fits a user's budget (non-zero
 * parameters, file bytes, CPU ms per state measured here), and what it costs in dev perplexity.
 * Reads the per-level table a recipe stored in the model ({@link LevelTable}); without one it
 * recomputes sizes (and, with {@code --text}, perplexities). {@code --store} writes a table into
 * the model.
 */
@Command(name = "pick-level", sortOptions = false,
        customSynopsis = "moglm pick-level [options] <model>",
        description = {
            "Pick the on-demand level of a model that fits a budget, and say what it costs in dev perplexity and WER.",
            "Limits: at most --max-params non-zero parameters, at most --max-bytes bytes of the exported file (moglm export),"
                + " at most --max-ms-per-state CPU milliseconds per network state (one history's next-word distribution,"
                + " measured now on this machine with one BLAS thread, in batches of --batch states as the lattice rescorer"
                + " computes them; unit levels on their export, the smaller dense model; the table also gives the measured share"
                + " of that time spent in the output layer). Among the levels that fit, the least sparse is chosen (the levels are nested); the output"
                + " lists every level and what the choice costs against the dense network. Without any limit it only lists"
                + " the levels. Exit status 0 when a level fits, 1 when none does.",
            "The per-level table (sizes, held-out and dev perplexity, dev WER, rescoring RTF) is read from the model's"
                + " section '" + LevelTable.SECTION + "', which recipes/ljspeech/run.sh stores with --store (--method keeps"
                + " one method's rows of a recipe table); without it the sizes are recomputed by exporting every level, and"
                + " --text gives perplexities on that text."},
        footer = {"moglm pick-level --max-bytes=8M lattices/model/ljspeech-od.mlm",
                "moglm pick-level --max-params=1.5M --max-ms-per-state=0.2 lattices/model/ljspeech-od.mlm",
                "moglm pick-level --store=exp/results.tsv --method=ondemand-kd exp/ondemand-kd/final.mlm"})
public final class PickLevelCommand extends MoglmCommand {
    @Parameters(index = "0", paramLabel = "<model>") Path model;
    @Option(names = "--max-params", paramLabel = "N", description = "Most non-zero parameters (suffix k/M/G allowed).")
    String maxParams;
    @Option(names = "--max-bytes", paramLabel = "N", description = "Most bytes of the exported file (suffix k/M/G or Ki/Mi/Gi).")
    String maxBytes;
    @Option(names = "--max-ms-per-state", paramLabel = "X", description = "Most CPU milliseconds per state, measured on this machine.")
    double maxMs = Double.NaN;
    @Option(names = "--batch", description = "States per step() call when measuring speed. Default ${DEFAULT-VALUE}.") int batch = 6;
    @Option(names = "--calls", description = "Timed step() calls per level when measuring speed. Default ${DEFAULT-VALUE}.") int calls = 200;
    @Option(names = "--text", paramLabel = "FILE", description = "Without a stored table: perplexity of every level on this text.")
    Path text;
    @Option(names = "--utt-ids", arity = "0..1", fallbackValue = "true", description = "--text is Kaldi data/text.") boolean uttIds;
    @Option(names = "--store", paramLabel = "TSV", description = "Store this table (header with a 'level' column) in <model>, then exit.")
    Path store;
    @Option(names = "--method", paramLabel = "NAME", description = "With --store: keep the rows whose 'method' column is NAME.")
    String method;

    @Override protected int run() throws Exception {
        moglm.kernel.Threads.set(1);
        if (store != null) return store();
        LevelBudget budget = new LevelBudget(maxParams == null ? -1 : LevelBudget.parseSize(maxParams, "--max-params"),
                maxBytes == null ? -1 : LevelBudget.parseSize(maxBytes, "--max-bytes"), maxMs);
        if (!Double.isNaN(maxMs) && !(maxMs > 0)) throw new IllegalArgumentException("--max-ms-per-state must be > 0, got " + maxMs);
        LevelTable table;
        String granularity;
        Map<Double, Double> ms = new HashMap<>();
        Map<Double, Double> outShare = new HashMap<>();
        try (ModelFile.Loaded m = ModelFile.read(model)) {
            LevelMasks masks = LevelLoader.masks(m);
            if (masks == null) {
                throw new IllegalArgumentException(model + " has no on-demand sparsity levels (train with --levels)");
            }
            granularity = masks.granularity();
            table = LevelTable.of(m);
            String source = "table stored in the model";
            if (table == null) {
                table = recompute(m, masks);
                source = "recomputed (no stored table)" + (text == null ? "; perplexities unknown without --text" : " on " + text);
            } else {
                table = completeSizes(m, masks, table);
            }
            System.out.println(model + ": levels " + masks.levels() + " (" + masks.granularity() + "); " + source);
            for (String c : table.comments()) System.out.println("  # " + c);
            if (!Double.isNaN(maxMs)) {
                // sparser levels are subsets: select them one after the other on one copy. Unit levels
                // run at dense speed when selected (zeroed units): they are timed on their export, the
                // physically smaller model a user deploys.
                boolean unit = "unit".equals(masks.granularity());
                for (LevelTable.Row r : table.rows()) {
                    double[] t = unit && r.level() != 0 ? timeExport(m, masks, r.level()) : time(m, r.level());
                    ms.put(r.level(), t[0]);
                    outShare.put(r.level(), t[1]);
                }
            }
        }
        LevelTable.Row dense = table.row(0);
        System.out.printf(Locale.ROOT, "%-6s %12s %12s %12s %10s %10s %9s %10s %8s %4s %s%n", "level", "non-zero", "file-bytes",
                "ms/state", "heldout", "dev-ppl", "lat-WER", "lat-RTFcpu", "nb-WER", "fits", "output-share");
        for (LevelTable.Row r : table.rows()) {
            double t = ms.getOrDefault(r.level(), Double.NaN);
            System.out.printf(Locale.ROOT, "%-6s %12s %12s %12s %10s %10s %9s %10s %8s %4s %s%n", level(r.level()),
                    count(r.nonZero()), count(r.fileBytes()), num(t, "%.4f"), num(r.heldoutPpl(), "%.2f"), num(r.devPpl(), "%.2f"),
                    num(r.latWer(), "%.2f"), num(r.latRtfCpu(), "%.4f"), num(r.nbestWer(), "%.2f"),
                    budget.unlimited() ? "-" : budget.fits(r, t) ? "yes" : "no",
                    num(100 * outShare.getOrDefault(r.level(), Double.NaN), "%.0f%%"));
        }
        if (!ms.isEmpty()) {
            System.out.println("(ms/state: CPU time of one state with its full next-word distribution, one BLAS thread, " + batch
                    + " states per call" + ("unit".equals(granularity) ? ", unit levels on their smaller export" : "")
                    + "; output-share: the part of it spent in the output layer, V x H product and normalizer)");
        }
        if (budget.unlimited()) return 0;
        LevelTable.Row pick = budget.choose(table.rows(), ms);
        if (pick == null) {
            System.out.println("no level fits the budget" + describe(budget));
            return 1;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "pick: --level=%s (%s non-zero parameters, %s bytes exported", level(pick.level()),
                count(pick.nonZero()), count(pick.fileBytes())));
        if (!Double.isNaN(ms.getOrDefault(pick.level(), Double.NaN))) {
            sb.append(String.format(Locale.ROOT, ", %.4f ms/state", ms.get(pick.level())));
        }
        sb.append(")");
        if (!Double.isNaN(pick.devPpl())) {
            sb.append(String.format(Locale.ROOT, "; dev perplexity %.2f", pick.devPpl()));
            if (dense != null && !Double.isNaN(dense.devPpl())) {
                sb.append(String.format(Locale.ROOT, " (%+.1f%% against the dense network's %.2f)",
                        100 * (pick.devPpl() / dense.devPpl() - 1), dense.devPpl()));
            }
        } else {
            sb.append("; dev perplexity unknown");
        }
        if (!Double.isNaN(pick.latWer())) {
            sb.append(String.format(Locale.ROOT, "; dev lattice %%WER %.2f", pick.latWer()));
            if (dense != null && !Double.isNaN(dense.latWer())) sb.append(String.format(Locale.ROOT, " (dense %.2f)", dense.latWer()));
        }
        System.out.println(sb);
        return 0;
    }

    private int store() throws Exception {
        if (maxParams != null || maxBytes != null || !Double.isNaN(maxMs)) {
            throw new IllegalArgumentException("--store writes a table; give the budget options in a separate call");
        }
        LevelTable t = LevelTable.parse(Files.readString(store), store.toString(), method == null ? null : "method", method);
        List<String> comments = new ArrayList<>(t.comments());
        comments.add("stored from " + store.getFileName() + (method == null ? "" : " (method " + method + ")"));
        t = new LevelTable(comments, t.rows());
        t.store(model);
        System.out.println(model + ": stored a table of " + t.rows().size() + " levels in section " + LevelTable.SECTION);
        return 0;
    }

    /** Sizes (and perplexities with --text) of every level, by exporting each to a temporary file. */
    private LevelTable recompute(ModelFile.Loaded m, LevelMasks masks) throws Exception {
        Corpus corpus = text == null ? null : Corpus.read(text, m.vocabulary(), uttIds ? TextFormat.KALDI : TextFormat.PLAIN);
        boolean reset = Boolean.parseBoolean(m.config().getOrDefault("reset_at_sentence_start", "false"));
        List<LevelTable.Row> rows = new ArrayList<>();
        try (ModelFile.Loaded copy = ModelFile.read(model)) {
            for (double s : levelsWithDense(masks)) {
                long[] size = exportSize(copy, masks, s);
                double ppl = corpus == null ? Double.NaN : Evaluator.evaluate(copy.model(), corpus, 10, 35, reset).perplexity();
                rows.add(new LevelTable.Row(s, size[0], size[1], Double.NaN, ppl, Double.NaN, Double.NaN, Double.NaN));
            }
        }
        return new LevelTable(List.of(), rows);
    }

    /** The stored table with sizes filled in where it lacks them. */
    private LevelTable completeSizes(ModelFile.Loaded m, LevelMasks masks, LevelTable t) throws Exception {
        if (t.rows().stream().allMatch(r -> r.nonZero() >= 0 && r.fileBytes() >= 0)) return t;
        List<LevelTable.Row> rows = new ArrayList<>();
        try (ModelFile.Loaded copy = ModelFile.read(model)) {
            for (LevelTable.Row r : t.rows()) {
                long[] size = exportSize(copy, masks, r.level());
                rows.add(r.withSize(size[0], size[1]));
            }
        }
        return new LevelTable(t.comments(), rows);
    }

    /** {ms per state, output share} of level s selected on m (sparser levels after denser ones). */
    private double[] time(ModelFile.Loaded m, double s) throws Exception {
        LevelLoader.select(m, Level.of(s));
        return speed(m);
    }

    /** {ms per state, output share} of level s's export (a unit level's smaller dense model). */
    private double[] timeExport(ModelFile.Loaded m, LevelMasks masks, double s) throws Exception {
        Path tmp = Files.createTempFile("moglm-pick-level", ".mlm");
        try {
            LevelExport.write(m, masks, Level.of(s), tmp, LevelExport.info(m, model.toString(), Level.of(s)));
            try (ModelFile.Loaded e = ModelFile.read(tmp)) {
                return speed(e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private double[] speed(ModelFile.Loaded m) {
        int warmup = Math.max(5, calls / 10);
        double full = StepSpeed.msPerState(m.model(), batch, warmup, calls, 1, true);
        double states = StepSpeed.msPerState(m.model(), batch, warmup, calls, 1, false);
        return new double[] {full, Math.max(0, 1 - states / full)};
    }

    /** {non-zero parameters, file bytes} of level s's export; leaves s selected on m (call in ascending s). */
    private long[] exportSize(ModelFile.Loaded m, LevelMasks masks, double s) throws Exception {
        Path tmp = Files.createTempFile("moglm-pick-level", ".mlm");
        try {
            LevelExport.Written w = LevelExport.write(m, masks, Level.of(s), tmp, LevelExport.info(m, model.toString(), Level.of(s)));
            return new long[] {w.nonZero(), Files.size(tmp)};
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static double[] levelsWithDense(LevelMasks masks) {
        double[] l = masks.levels().toArray();
        double[] out = new double[l.length + 1];
        System.arraycopy(l, 0, out, 1, l.length);
        return out;
    }

    private static String describe(LevelBudget b) {
        List<String> parts = new ArrayList<>();
        if (b.maxNonZero() >= 0) parts.add("<= " + b.maxNonZero() + " non-zero parameters");
        if (b.maxFileBytes() >= 0) parts.add("<= " + b.maxFileBytes() + " bytes");
        if (!Double.isNaN(b.maxMsPerState())) parts.add("<= " + b.maxMsPerState() + " ms/state");
        return " (" + String.join(", ", parts) + ")";
    }

    /** A level as --level takes it: 0 for the dense network. */
    private static String level(double l) { return l == 0 ? "0" : Level.format(l); }

    private static String count(long v) { return v < 0 ? "?" : String.format(Locale.ROOT, "%,d", v); }

    private static String num(double v, String fmt) { return Double.isNaN(v) ? "?" : String.format(Locale.ROOT, fmt, v); }
}

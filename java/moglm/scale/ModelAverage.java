package moglm.scale;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import moglm.distill.OnDemandHook;
import moglm.distill.OnDemandTraining;
import moglm.modelfile.KeyValues;
import moglm.modelfile.ModelFile;
import moglm.modelfile.SectionFile;
import moglm.modelfile.Sections;
import moglm.level.LevelMasksCodec;

/**
 * Averages N moglm model files or N training checkpoints of one architecture and vocabulary
 * (the {@code nnet3-average} step of a multi-job iteration, {@code recipes/kaldi/train_lm.sh}).
 *
 * <p>What becomes of each section of the inputs:
 * <ul>
 * <li>{@code param/NAME} and the optimiser slots {@code optimizer/SLOT}: the weighted element-wise
 *     mean {@code sum_j w_j x_j} (weights normalised to sum to 1), accumulated in double and rounded
 *     once to float, so the mean of identical inputs is bit for bit the input. Adam's moments are
 *     averaged like the weights rather than reset: the averaged first moment is the mean direction
 *     of the jobs, the averaged second moment a pooled estimate of the gradient scale; a reset
 *     would make the first updates of every iteration unit-sized steps in every coordinate.</li>
 * <li>{@code config} (architecture keys), {@code vocabulary}: must be equal, else refused. Information
 *     keys of a model file's config are kept where every input agrees; from checkpoints the output
 *     gets {@code reset_at_sentence_start} (and, as a model file, the first input's training
 *     options as {@code train.*}) from the {@code options} section.</li>
 * <li>{@code trainer} (checkpoints): every input must have made the same number of updates (the
 *     step count drives Adam's bias correction, dropout streams and the prune schedule); the
 *     first input's state is kept with {@code tokens} = the sum over inputs.
 *     {@code options}: the optimiser, batch size and sentence-reset mode must agree; the first
 *     input's are kept. {@code metrics}: empty (the average has not been evaluated).
 *     {@code state}: zero (the next jobs start on new text from a zero state anyway).</li>
 * <li>on-demand pruning ({@code prune.resume}): every input must hold the same schedule, fraction
 *     and masks in force, which holds when the jobs started from one model and the schedule
 *     updates masks only at the first step of an iteration (then every job computes them from the
 *     same averaged weights); the first input's section is kept (its carried level states are
 *     zeroed by {@code moglm train --start-from}). Taylor scores are refused (each job's come from
 *     its own data). {@code prune.levels} is kept when the schedule has reached the final levels
 *     (the masks are then fixed and equal); before that each job's file holds a preview computed
 *     from its own weights, which is left out of the average.</li>
 * <li>sparse tensors ({@code sparse/NAME}, exported files) are refused; any other section (e.g.
 *     {@code lowrank.levels}, L0 gates) must be byte-identical in every input and is copied.</li>
 * </ul>
 * Inputs are read one at a time (memory: one input plus a double accumulator per tensor).
 */
public final class ModelAverage {
    private ModelAverage() {}

    /** Checkpoint sections a model file does not carry. */
    private static final Set<String> CHECKPOINT_ONLY = Set.of(Sections.OPTIONS, Sections.TRAINER, Sections.METRICS,
            Sections.STATE, Sections.PRUNE_RESUME, Sections.L0_RESUME);
    /** Training options that must agree between averaged checkpoints. */
    private static final List<String> MUST_AGREE = List.of("optimizer", "batch-size", "reset-state-at-sentence-start");

    /** What was averaged. */
    public record Summary(int inputs, String codec, long values, long steps, long tokens) {}

    /** Parses Kaldi's {@code --weights} form: colon-separated, positive; normalised to sum 1. */
    public static double[] parseWeights(String spec, int n) {
        double[] w = new double[n];
        if (spec == null || spec.isEmpty()) {
            Arrays.fill(w, 1.0 / n);
            return w;
        }
        String[] p = spec.split(":");
        if (p.length != n) throw new IllegalArgumentException("--weights has " + p.length + " values for " + n + " input models");
        double sum = 0;
        for (int i = 0; i < n; i++) {
            try {
                w[i] = Double.parseDouble(p[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--weights: '" + p[i] + "' is not a number");
            }
            if (!(w[i] > 0) || Double.isInfinite(w[i])) throw new IllegalArgumentException("--weights: weights must be positive, got " + p[i]);
            sum += w[i];
        }
        for (int i = 0; i < n; i++) w[i] /= sum;
        return w;
    }

    /**
     * Averages {@code inputs} with {@code weights} (normalised, one per input) into {@code out},
     * written atomically. The output has the inputs' codec, except that checkpoints averaged into a
     * file named {@code *.mlm} give a model file (the checkpoint-only sections left out).
     */
    public static Summary average(List<Path> inputs, double[] weights, Path out) throws IOException {
        if (inputs.isEmpty()) throw new IllegalArgumentException("no input models");
        if (weights.length != inputs.size()) throw new IllegalArgumentException(weights.length + " weights for " + inputs.size() + " inputs");
        SectionFile first = SectionFile.read(inputs.get(0), null);
        String codec = first.codec();
        if (!codec.equals(ModelFile.CODEC) && !codec.equals(ModelFile.CHECKPOINT_CODEC)) {
            throw new IllegalArgumentException(first.file() + ": is a '" + codec + "' file, not a moglm model or checkpoint");
        }
        boolean checkpoint = codec.equals(ModelFile.CHECKPOINT_CODEC);
        String outCodec = checkpoint && out.getFileName().toString().endsWith(".mlm") ? ModelFile.CODEC : codec;

        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        Map<String, String> arch = architecture(first);
        Map<String, String> info = new LinkedHashMap<>(KeyValues.parse(first.text("config"), first.file() + " [config]"));
        OnDemandTraining.ResumeHeader od = first.has(OnDemandHook.RESUME_SECTION)
                ? OnDemandTraining.peekResume(first.bytes(OnDemandHook.RESUME_SECTION), first.file().toString()) : null;
        if (od != null && od.taylor()) {
            throw new IllegalArgumentException(first.file() + ": on-demand run with --criterion taylor: each job accumulates Taylor scores "
                    + "from its own data, so the masks would differ between jobs; use --criterion magnitude for multi-job training");
        }
        boolean finalLevels = fractionAtLeastOne(first, od);
        long steps = checkpoint ? trainerLong(first, "step") : 0, tokens = 0;
        for (String name : first.names()) {
            if (name.startsWith(Sections.SPARSE_PREFIX)) {
                throw new IllegalArgumentException(first.file() + ": tensor " + name.substring(7) + " is in sparse storage (an exported file);"
                        + " average the models training wrote");
            }
        }

        for (int j = 0; j < inputs.size(); j++) {
            SectionFile f = j == 0 ? first : SectionFile.read(inputs.get(j), null);
            String where = f.file().toString();
            if (!f.codec().equals(codec)) throw new IllegalArgumentException(where + ": is a '" + f.codec() + "' file, " + first.file() + " a '" + codec + "' file");
            if (j > 0) {
                Map<String, String> a = architecture(f);
                for (String k : arch.keySet()) {
                    if (!arch.get(k).equals(a.get(k))) {
                        throw new IllegalArgumentException("different models: " + k + " is " + arch.get(k) + " in " + first.file()
                                + " but " + a.get(k) + " in " + where);
                    }
                }
                if (!f.text("vocabulary").equals(first.text("vocabulary"))) {
                    throw new IllegalArgumentException("different vocabularies: " + where + " and " + first.file());
                }
                Map<String, String> c = KeyValues.parse(f.text("config"), where + " [config]");
                info.entrySet().removeIf(e -> !e.getValue().equals(c.get(e.getKey())));
                if (!new java.util.HashSet<>(f.names()).equals(new java.util.HashSet<>(first.names()))) {
                    throw new IllegalArgumentException("different sections: " + where + " has " + f.names() + ", " + first.file() + " has " + first.names());
                }
                if (checkpoint) checkCheckpointsAgree(first, f, steps);
                if (od != null) checkOnDemandAgree(od, f);
            }
            if (checkpoint) tokens += trainerLong(f, "tokens");
            for (String name : f.names()) {
                boolean averaged = name.startsWith(Sections.PARAM_PREFIX) || name.startsWith(Sections.OPTIMIZER_PREFIX);
                if (averaged) {
                    SectionFile.Floats t = f.floats(name);
                    if (j == 0) {
                        sums.put(name, new double[t.data().length]);
                        shapes.put(name, new int[] {t.rows(), t.cols()});
                    } else if (t.rows() != shapes.get(name)[0] || t.cols() != shapes.get(name)[1]) {
                        throw new IllegalArgumentException(where + ": " + name + " is " + t.rows() + "x" + t.cols() + ", "
                                + first.file() + " has " + shapes.get(name)[0] + "x" + shapes.get(name)[1]);
                    }
                    double[] s = sums.get(name);
                    float[] x = t.data();
                    double w = weights[j];
                    for (int i = 0; i < x.length; i++) s[i] += w * x[i];
                } else if (j > 0 && !isHandled(name, finalLevels) && !sameSection(first, f, name)) {
                    throw new IllegalArgumentException("section '" + name + "' differs between " + first.file() + " and " + where
                            + "; average-models averages parameters and optimiser state, every other section must be equal");
                }
            }
        }

        SectionFile.Writer w = new SectionFile.Writer(outCodec);
        long values = 0;
        for (String name : first.names()) {
            if (outCodec.equals(ModelFile.CODEC) && (CHECKPOINT_ONLY.contains(name) || name.startsWith(Sections.OPTIMIZER_PREFIX))) continue;
            if (sums.containsKey(name)) {
                double[] s = sums.get(name);
                float[] avg = new float[s.length];
                for (int i = 0; i < s.length; i++) avg[i] = (float) s[i];
                w.floats(name, shapes.get(name)[0], shapes.get(name)[1], avg);
                if (name.startsWith(Sections.PARAM_PREFIX)) values += avg.length;
            } else if (name.equals("config")) {
                Map<String, String> cfg = new LinkedHashMap<>(info);
                if (checkpoint) {
                    // a checkpoint's config is the architecture only; how the model was trained is in its options
                    Map<String, String> opts = KeyValues.parse(first.text("options"), first.file() + " [options]");
                    cfg.putIfAbsent("reset_at_sentence_start", opts.getOrDefault("reset-state-at-sentence-start", "false"));
                    if (outCodec.equals(ModelFile.CODEC)) {
                        for (Map.Entry<String, String> e : opts.entrySet()) cfg.putIfAbsent("train." + e.getKey(), e.getValue());
                        cfg.putIfAbsent("train.steps", Long.toString(steps));
                    }
                }
                if (inputs.size() > 1) cfg.put("averaged_models", Integer.toString(inputs.size()));
                w.text("config", KeyValues.format(cfg));
            } else if (name.equals("trainer")) {
                Map<String, String> tm = new LinkedHashMap<>(KeyValues.parse(first.text("trainer"), first.file() + " [trainer]"));
                tm.put("tokens", Long.toString(tokens));
                w.text("trainer", KeyValues.format(tm));
            } else if (name.equals("metrics")) {
                w.text("metrics", "");
            } else if (name.equals("state")) {
                SectionFile.Floats t = first.floats("state");
                w.floats("state", t.rows(), t.cols(), new float[t.data().length]);
            } else if ((name.equals(LevelMasksCodec.SECTION) || name.equals(OnDemandHook.FRACTION_SECTION)) && !finalLevels) {
                continue;   // per-job previews of the final levels: see the class comment
            } else {
                copy(first, w, name);
            }
        }
        w.write(out);
        return new Summary(inputs.size(), outCodec, values, steps, tokens);
    }

    /** Sections with a rule of their own (the rest must be equal). */
    private static boolean isHandled(String name, boolean finalLevels) {
        return name.equals("config") || name.equals("trainer") || name.equals("metrics") || name.equals("state")
                || name.equals("options") || name.equals(OnDemandHook.RESUME_SECTION)
                || (!finalLevels && (name.equals(LevelMasksCodec.SECTION) || name.equals(OnDemandHook.FRACTION_SECTION)));
    }

    private static Map<String, String> architecture(SectionFile f) throws IOException {
        Map<String, String> c = KeyValues.parse(f.text("config"), f.file() + " [config]");
        Map<String, String> a = new LinkedHashMap<>();
        for (String k : ModelFile.WRITER_KEYS.stream().sorted().toList()) {
            a.put(k, c.getOrDefault(k, k.endsWith("_rank") && !k.equals("rank") ? "0" : ""));
        }
        return a;
    }

    private static long trainerLong(SectionFile f, String key) throws IOException {
        Map<String, String> tm = KeyValues.parse(f.text("trainer"), f.file() + " [trainer]");
        String v = tm.get(key);
        if (v == null) throw new IllegalArgumentException(f.file() + ": trainer state lacks '" + key + "'");
        return Long.parseLong(v);
    }

    private static void checkCheckpointsAgree(SectionFile first, SectionFile f, long steps) throws IOException {
        long s = trainerLong(f, "step");
        if (s != steps) {
            throw new IllegalArgumentException("the inputs made different numbers of updates: " + steps + " in " + first.file() + ", "
                    + s + " in " + f.file() + " (give every job the same --max-steps)");
        }
        Map<String, String> a = KeyValues.parse(first.text("options"), first.file() + " [options]");
        Map<String, String> b = KeyValues.parse(f.text("options"), f.file() + " [options]");
        for (String k : MUST_AGREE) {
            if (!String.valueOf(a.get(k)).equals(String.valueOf(b.get(k)))) {
                throw new IllegalArgumentException("training option --" + k + " is " + a.get(k) + " in " + first.file() + " but " + b.get(k)
                        + " in " + f.file());
            }
        }
    }

    private static void checkOnDemandAgree(OnDemandTraining.ResumeHeader od, SectionFile f) throws IOException {
        if (!f.has(OnDemandHook.RESUME_SECTION)) throw new IllegalArgumentException(f.file() + ": has no on-demand state, the first input has");
        OnDemandTraining.ResumeHeader h = OnDemandTraining.peekResume(f.bytes(OnDemandHook.RESUME_SECTION), f.file().toString());
        if (!h.schedule().equals(od.schedule())) {
            throw new IllegalArgumentException(f.file() + ": prune schedule " + h.schedule() + ", the first input's is " + od.schedule());
        }
        if (h.fraction() != od.fraction() || h.pruned() != od.pruned() || !Arrays.equals(h.masks(), od.masks())) {
            throw new IllegalArgumentException(f.file() + ": the on-demand masks in force differ from the first input's (fraction "
                    + h.fraction() + " vs " + od.fraction() + "): the prune schedule " + od.schedule() + " updated the masks inside"
                    + " an iteration; its start, end and frequency must be multiples of the updates per iteration");
        }
    }

    private static boolean fractionAtLeastOne(SectionFile first, OnDemandTraining.ResumeHeader od) throws IOException {
        if (od != null) return od.fraction() >= 1;
        if (!first.has(OnDemandHook.FRACTION_SECTION)) return true;   // no schedule: the levels are fixed
        String s = new String(first.bytes(OnDemandHook.FRACTION_SECTION), StandardCharsets.UTF_8).trim();
        try {
            return Double.parseDouble(s) >= 1;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(first.file() + ": section " + OnDemandHook.FRACTION_SECTION + " is not a number: " + s);
        }
    }

    private static boolean sameSection(SectionFile a, SectionFile b, String name) throws IOException {
        String k = a.kind(name);
        if (!k.equals(b.kind(name))) return false;
        return switch (k) {
            case "text" -> a.text(name).equals(b.text(name));
            case "ints" -> Arrays.equals(a.ints(name), b.ints(name));
            case "floats" -> a.floats(name).rows() == b.floats(name).rows() && Arrays.equals(a.floats(name).data(), b.floats(name).data());
            default -> Arrays.equals(a.bytes(name), b.bytes(name));
        };
    }

    private static void copy(SectionFile from, SectionFile.Writer w, String name) throws IOException {
        switch (from.kind(name)) {
            case "text" -> w.text(name, from.text(name));
            case "ints" -> w.ints(name, from.ints(name));
            case "floats" -> {
                SectionFile.Floats t = from.floats(name);
                w.floats(name, t.rows(), t.cols(), t.data());
            }
            default -> w.bytes(name, from.bytes(name));
        }
    }

    /** One line for logs. */
    public static String describe(Summary s, Path out) {
        return String.format(Locale.ROOT, "averaged %d %s files into %s: %d parameters%s", s.inputs(),
                s.codec().equals(ModelFile.CODEC) ? "model" : "checkpoint", out, s.values(),
                s.steps() > 0 ? ", step " + s.steps() + ", " + s.tokens() + " tokens" : "");
    }
}

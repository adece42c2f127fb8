package moglm.cli.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import moglm.cli.common.MoglmCommand;
import moglm.cli.common.ThreadsOption;
import moglm.model.TensorNames;
import moglm.modelfile.KeyValues;
import moglm.modelfile.ModelFile;
import moglm.modelfile.SectionFile;
import moglm.modelfile.Sections;
import moglm.train.Corpus;
import moglm.train.Evaluator;
import moglm.train.TextFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code moglm center-log-z}: centres a self-normalized model's log Z on a held-out text.
 *
 * <p>Scoring without normalization ({@code --normalize-probs=false}) takes the raw logit z_w as
 * log P(w | h); it is off by log Z(h). Subtracting the mean m of log Z over a text from every
 * output bias moves every logit, and so every log Z, by -m: exact log-probabilities (z_w - log Z)
 * do not change at all, and the raw logits lose their average offset. The spread of log Z stays.
 */
@Command(name = "center-log-z", sortOptions = false,
        customSynopsis = "moglm center-log-z [options] <model-in> <text> <model-out>",
        description = {
            "Shift the output bias of a moglm model by minus the mean log Z over a text (held-out text, not the test set), so that"
                + " raw logits (--normalize-probs=false) are centred on the log-probabilities; exact log-probabilities do not change.",
            "The mean is measured on the dense network; the shift applies to every level (they share the bias). The output"
                + " records the shift (config key log_z_shift). Writes <model-out> atomically; <model-in> may be <model-out>."},
        footer = {"moglm center-log-z exp/lm/final.mlm data/lm/heldout.txt exp/lm/final.centered.mlm"})
public final class CenterLogZCommand extends MoglmCommand {
    @Parameters(index = "0", paramLabel = "<model-in>") Path in;
    @Parameters(index = "1", paramLabel = "<text>") Path text;
    @Parameters(index = "2", paramLabel = "<model-out>") Path out;
    @Option(names = "--utt-ids", arity = "0..1", fallbackValue = "true", description = "Kaldi data/text (first field skipped).")
    boolean uttIds = false;
    @Mixin ThreadsOption threads = new ThreadsOption();

    @Override protected int run() throws java.io.IOException {
        threads.apply();
        Evaluator.Result before;
        boolean reset;
        try (ModelFile.Loaded m = moglm.level.LevelLoader.load(in, moglm.level.Level.of(0))) {
            Corpus c;
            try {
                c = Corpus.read(text, m.vocabulary(), uttIds ? TextFormat.KALDI : TextFormat.PLAIN);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IllegalArgumentException("cannot read the text " + text + ": no such file");
            }
            reset = Boolean.parseBoolean(m.config().getOrDefault("reset_at_sentence_start", "false"));
            before = Evaluator.evaluate(m.model(), c, 1, 35, reset);
        }
        double shift = before.meanLogZ();
        if (!Double.isFinite(shift)) throw new IllegalArgumentException(in + " gives log Z " + shift + " on " + text + ": not a finite number");
        log.log(String.format(Locale.ROOT, "%s on %s: log Z mean %.4f std %.4f mean |log Z| %.4f over %d tokens",
                in, text, before.meanLogZ(), before.stdLogZ(), before.meanAbsLogZ(), before.count()));
        write(in, out, shift);
        log.log(String.format(Locale.ROOT, "wrote %s: output bias shifted by %.4f (log Z mean now about 0, std unchanged)", out, -shift));
        return 0;
    }

    /** Rewrites {@code in} to {@code out} with the output bias minus {@code shift} (atomically). */
    static void write(Path in, Path out, double shift) throws java.io.IOException {
        SectionFile f = SectionFile.read(in, ModelFile.CODEC);
        String bias = Sections.PARAM_PREFIX + TensorNames.OUT_BIAS;
        if (!f.has(bias)) {
            throw new IllegalArgumentException(in + ": has no dense section '" + bias + "' (an exported sparse model? center the"
                    + " model before exporting it)");
        }
        SectionFile.Floats b = f.floats(bias);
        float[] v = b.data().clone();
        for (int i = 0; i < v.length; i++) v[i] = (float) (v[i] - shift);
        Map<String, String> cfg = new LinkedHashMap<>(KeyValues.parse(f.text("config"), in + " [config]"));
        double previous = Double.parseDouble(cfg.getOrDefault("log_z_shift", "0"));
        cfg.put("log_z_shift", String.format(Locale.ROOT, "%.6f", previous - shift));
        f.copy(Set.of(bias, "config")).floats(bias, b.rows(), b.cols(), v).text("config", KeyValues.format(cfg)).write(out);
    }
}

package moglm.cli.train;

import java.nio.file.Path;
import java.util.Locale;
import moglm.cli.common.MoglmCommand;
import moglm.cli.common.ThreadsOption;
import moglm.modelfile.ModelFile;
import moglm.train.Corpus;
import moglm.train.Evaluator;
import moglm.train.TextFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code moglm ppl}: perplexity of a model on a text, PTB counting. */
@Command(name = "ppl", sortOptions = false,
        customSynopsis = "moglm ppl [options] <model> <text>",
        description = {
            "Compute the perplexity of a moglm model on a text, counting every word and every </s> (the convention of published PTB numbers).",
            "Words not in the model's vocabulary are mapped to its OOV word and scored as it (their number is printed)."},
        footer = {"moglm ppl exp/mog/final.mlm data/ptb/ptb.test.txt",
                "moglm ppl --utt-ids exp/lm/final.mlm data/dev/text"})
public final class PplCommand extends MoglmCommand {
    @Parameters(index = "0", paramLabel = "<model>") Path model;
    @Parameters(index = "1", paramLabel = "<text>") Path text;
    @Option(names = "--utt-ids", arity = "0..1", fallbackValue = "true", description = "Kaldi data/text (first field skipped).")
    boolean uttIds = false;
    @Option(names = "--batch-size", description = "Contiguous columns evaluated in parallel (1 = state carried over the whole text).")
    int batch = 1;
    @Option(names = "--bptt", description = "Steps per forward call.")
    int bptt = 35;
    @Option(names = "--reset-state-at-sentence-start", arity = "0..1",
            description = "Score each sentence from a zero state (default: as the model was trained).")
    Boolean reset;
    @Mixin ThreadsOption threads = new ThreadsOption();
    @Option(names = "--level", description = "On-demand level to use: a sparsity in [0, 1) or a rank >= 1 of a nested low-rank model (0 = dense / full; see moglm info).")
    double level = 0;

    @Override protected int run() throws java.io.IOException {
        threads.apply();
        try (ModelFile.Loaded m = moglm.level.LevelLoader.load(model, moglm.level.Level.of(level))) {
            Corpus c;
            try {
                c = Corpus.read(text, m.vocabulary(), uttIds ? TextFormat.KALDI : TextFormat.PLAIN);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IllegalArgumentException("cannot read the text " + text + ": no such file");
            }
            boolean r = reset != null ? reset : Boolean.parseBoolean(m.config().getOrDefault("reset_at_sentence_start", "false"));
            long t0 = System.nanoTime();
            Evaluator.Result res = Evaluator.evaluate(m.model(), c, batch, bptt, r);
            double sec = (System.nanoTime() - t0) / 1e9;
            if (!Double.isFinite(res.meanLoss())) {
                // a NaN or infinite score is never a perplexity: fail, do not print "ppl NaN"
                throw new IllegalArgumentException(model + " gives a " + res.meanLoss() + " loss on " + text
                        + " (the model's outputs are not finite numbers); no perplexity");
            }
            System.out.println(c.describe());
            System.out.printf(Locale.ROOT, "OOV policy: words not in the %d-word vocabulary -> %s, scored as that word (%d mapped)%n",
                    m.vocabulary().size() - 1, m.vocabulary().oovWord(), c.oovCount());
            System.out.printf(Locale.ROOT, "%s: ppl %.3f (%.4f nats/token over %d tokens = %d words + %d </s>; state %s) [%.1f s, %.0f tokens/s]%n",
                    text, res.perplexity(), res.meanLoss(), res.count(), c.words(), c.sentences(),
                    r ? "reset at each sentence start" : (batch == 1 ? "carried over the whole text" : "carried within " + batch + " columns"),
                    sec, res.count() / sec);
            // how self-normalized the model is: a score without normalization (--normalize-probs=false) is off by log Z
            System.out.printf(Locale.ROOT, "%s: log Z mean %.4f std %.4f mean |log Z| %.4f (how far raw logits, --normalize-probs=false, are from log-probs; output=%s)%n",
                    text, res.meanLogZ(), res.stdLogZ(), res.meanAbsLogZ(), m.config().getOrDefault("output", "softmax"));
        }
        return 0;
    }
}

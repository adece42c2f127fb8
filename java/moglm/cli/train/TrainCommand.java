package moglm.cli.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import moglm.cli.common.MoglmCommand;
import moglm.cli.common.ThreadsOption;
import moglm.train.Corpus;
import moglm.train.ProgressBar;
import moglm.train.TextFormat;
import moglm.train.TrainOptions;
import moglm.train.Trainer;
import moglm.model.Vocabulary;
import moglm.train.VocabularyBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code moglm train}: trains a Mogrifier LSTM LM on text, writing OUT-DIR/final.mlm. The training
 * options are the fields of {@link TrainOptions}, bound by {@link TrainOptionsBinding}.
 */
@Command(name = "train", sortOptions = false,
        customSynopsis = "moglm train [options] <train-text> <out-dir>",
        description = {
            "Train a Mogrifier LSTM language model by truncated BPTT over the concatenated sentences (PTB convention).",
            "Writes to <out-dir>: final.mlm (the best model on --valid-text), words.txt, train.conf, metrics.jsonl, ppl.png"
                + " and checkpoint.mlmc. Options may also come from --config FILE (key=value lines, keys = option names"
                + " without dashes); the command line overrides it."},
        footer = {
            "moglm train --words=data/lang/words.txt --valid-text=dev.txt --rounds=5 --max-time=60 train.txt exp/mog",
            "moglm train --vocab-size=10000 --utt-ids data/train/text exp/lm",
            "moglm train --resume [same options] train.txt exp/mog",
            "moglm train --start-from=exp/lm/3.mlmc --max-steps=400 --seed=12 --words=exp/lm/words.txt split/2.txt exp/lm/iter3/2"})
public final class TrainCommand extends MoglmCommand {
    @Parameters(index = "0", paramLabel = "<train-text>", description = "Training text: one sentence per line (.gz ok).")
    Path trainText;
    @Parameters(index = "1", paramLabel = "<out-dir>", description = "Output directory.")
    Path outDir;

    @Option(names = "--config", paramLabel = "FILE", description = "key=value file of option defaults.")
    Path config;
    @Option(names = "--words", paramLabel = "FILE", description = "Kaldi words.txt to use as vocabulary (else built from the training text).")
    Path words;
    @Option(names = "--oov-word", description = "Word that unknown words map to (default: from --oov-file, else <unk>).")
    String oovWord;
    @Option(names = "--oov-file", paramLabel = "FILE", description = "Kaldi lang/oov.txt giving the OOV word.")
    Path oovFile;
    @Option(names = "--vocab-size", description = "With no --words: keep the N most frequent words (0 = all).")
    int vocabSize = 0;
    @Option(names = "--utt-ids", arity = "0..1", fallbackValue = "true",
            description = "Texts are Kaldi data/text (first field is an utterance id).")
    boolean uttIds = false;
    @Option(names = "--valid-text", paramLabel = "FILE", description = "Validation text (evaluation, lr decay, best model).")
    Path validText;
    @Option(names = "--resume", arity = "0..1", fallbackValue = "true",
            description = "Continue from OUT-DIR/checkpoint.mlmc (same options; --epochs/--max-time may grow).")
    boolean resume = false;
    @Option(names = "--fork-from", paramLabel = "CHECKPOINT",
            description = {"Start from another run's checkpoint (weights, optimiser, state, step) taken before its",
                    "pruning began, e.g. the dense half of an on-demand run: runs that differ only in what",
                    "happens after that point share it (same options otherwise; refused once masks exist)."})
    Path forkFrom;
    @Option(names = "--start-from", paramLabel = "CHECKPOINT",
            description = "Start from this checkpoint's model, optimiser state, step count and pruning state, at the start of <train-text> with a zero recurrent state (one job of a multi-job iteration; see recipes/kaldi/train_lm.sh).")
    Path startFrom;
    @Option(names = "--init-only", arity = "0..1", fallbackValue = "true",
            description = "Write the initialised model and checkpoint (no update) and stop.")
    boolean initOnly = false;
    @Option(names = "--max-steps", description = "Stop (with a checkpoint) after N updates in total (0 = no limit; benchmarks).")
    long maxSteps = 0;
    @Option(names = "--progress-interval", description = "Seconds between progress lines when stderr is not a terminal.")
    double progressInterval = 30;

    final TrainOptions options = new TrainOptions();
    @Mixin ThreadsOption threads = new ThreadsOption();
    @Mixin OnDemandOptionsMixin pruning = new OnDemandOptionsMixin();
    @Mixin L0OptionsMixin l0 = new L0OptionsMixin();
    @Mixin LowRankOptionsMixin lowrank = new LowRankOptionsMixin();

    private boolean configApplied;

    /** Picocli hands over the command's spec before parsing: the training options are added to it here. */
    @Spec void bindTrainOptions(CommandSpec commandSpec) {
        TrainOptionsBinding.addTo(commandSpec, options);
    }

    @Override protected int run() throws java.io.IOException {
        if (config != null && !configApplied) {
            // re-parse with the config file as the default provider, so the command line overrides it
            TrainCommand again = new TrainCommand();
            again.configApplied = true;
            CommandLine cl = new CommandLine(again);
            again.verbose = verbose;
            cl.setDefaultValueProvider(new ConfigFileDefaults(config, cl.getCommandSpec()));
            java.util.List<String> all = spec.commandLine().getParseResult().originalArgs();
            int at = all.indexOf(spec.name());   // original args start with the parent's: skip to ours
            cl.parseArgs(all.subList(at + 1, all.size()).toArray(new String[0]));
            return again.train();
        }
        return train();
    }

    private int train() throws java.io.IOException {
        // with replicas, each replica's thread runs a single-threaded BLAS
        if (options.replicas > 1) moglm.kernel.Threads.set(1);
        else threads.apply();
        TextFormat fmt = uttIds ? TextFormat.KALDI : TextFormat.PLAIN;
        String oov = oovWord != null ? oovWord : oovFile != null ? Vocabulary.readOovFile(oovFile) : "<unk>";
        Vocabulary vocab;
        if (resume && words == null && Files.exists(outDir.resolve("words.txt"))) {
            vocab = Vocabulary.readKaldi(outDir.resolve("words.txt"), oov);
        } else if (words != null) {
            vocab = Vocabulary.readKaldi(words, oov);
        } else if (startFrom != null) {
            try (moglm.modelfile.ModelFile.Loaded ck = moglm.modelfile.ModelFile.read(startFrom)) {
                vocab = ck.vocabulary();   // the model's own vocabulary (its OOV word included)
            }
        } else {
            vocab = new VocabularyBuilder().addFile(trainText, fmt).build(vocabSize, oov);
            log.log("vocabulary built from " + trainText + ": " + (vocab.size() - 1) + " words + </s>");
        }
        Corpus train = Corpus.read(trainText, vocab, fmt);
        log.log(train.describe());
        Corpus valid = null;
        if (validText != null) {
            valid = Corpus.read(validText, vocab, fmt);
            log.log(valid.describe());
        }
        Trainer trainer = new Trainer(options, vocab, train, valid, outDir, ProgressBar.stderr(progressInterval, "LOG (" + log.program() + ") "));
        if (pruning.kdHiddenWeight() != 0 && !pruning.active() && !"l0".equals(pruning.granularity()))
            throw new IllegalArgumentException("--kd-hidden-weight goes with --granularity l0 or with --levels and --distill online|teacher");
        moglm.train.StepHook other = l0.hook(pruning.granularity(), pruning.active(), options.seed, pruning.kdHiddenWeight());
        if (other == null) other = lowrank.hook(pruning.granularity(), pruning.active(), vocab);
        trainer.hook = other != null ? other : pruning.hook(options.seed);
        if (trainer.hook != null && options.replicas > 1)
            throw new IllegalArgumentException("--replicas > 1 works only for plain training, not with pruning, L0, low-rank or distillation options");
        trainer.stopAfterSteps = maxSteps;
        if (forkFrom != null && (resume || startFrom != null)) throw new IllegalArgumentException("--fork-from starts a new run; it does not go with --resume or --start-from");
        trainer.forkFrom = forkFrom;
        trainer.startFrom = startFrom;
        trainer.initOnly = initOnly;
        if (startFrom != null && initOnly) throw new IllegalArgumentException("--start-from and --init-only exclude each other");
        Trainer.Summary s = trainer.run(resume);
        System.out.printf(Locale.ROOT, "steps %d tokens %d train-time %.1f s tokens/s %.0f best-valid-ppl %.3f finished %b model %s%n",
                s.steps(), s.tokens(), s.trainSeconds(), s.tokensPerSecond(), s.bestValidPpl(), s.finished(), s.model());
        return 0;
    }
}

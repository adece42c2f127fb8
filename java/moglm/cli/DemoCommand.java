package moglm.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import moglm.cli.common.MoglmCommand;
import moglm.cli.common.ThreadsOption;
import moglm.kernel.Threads;
import moglm.model.Dropout;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import moglm.model.State;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code moglm demo}: a first command to run. Builds a randomly initialised Mogrifier LSTM,
 * prints its parameter count, the log-probabilities it gives the words of a short sentence (near
 * log(1/V): the model is untrained), and its scoring and training speed in tokens/s.
 */
@Command(name = "demo", sortOptions = false,
        customSynopsis = "moglm demo [options]",
        description = {"Build a random Mogrifier LSTM LM and print its size, a sentence's word log-probabilities and its speed in tokens/s."},
        footer = {"moglm demo --hidden-size=650 --batch-size=64 --threads=2"})
public final class DemoCommand extends MoglmCommand {
    @Option(names = "--vocab-size", defaultValue = "10000", description = "Vocabulary size.")
    int vocab;
    @Option(names = "--embed-size", defaultValue = "200", description = "Embedding size.")
    int embed;
    @Option(names = "--hidden-size", defaultValue = "200", description = "Hidden units per layer.")
    int hidden;
    @Option(names = "--layers", defaultValue = "2", description = "LSTM layers.")
    int layers;
    @Option(names = "--rounds", defaultValue = "5", description = "Mogrifier rounds, 0 = plain LSTM.")
    int rounds;
    @Option(names = "--rank", defaultValue = "0", description = "Rank of the mogrifier matrices, 0 = full.")
    int rank;
    @Option(names = "--batch-size", defaultValue = "20", description = "Sequences per batch for the speed test.")
    int batch;
    @Option(names = "--bptt", defaultValue = "35", description = "Steps per batch for the speed test.")
    int bptt;
    @Mixin ThreadsOption threads = new ThreadsOption();
    @Option(names = "--seconds", defaultValue = "2", description = "Seconds per speed measurement.")
    double seconds;
    @Option(names = "--seed", defaultValue = "1", description = "Initialisation seed.")
    long seed;

    // the option names before they matched train's, kept as hidden aliases
    @Option(names = "--vocab", hidden = true) void vocabAlias(int v) { vocab = v; }
    @Option(names = "--embed", hidden = true) void embedAlias(int v) { embed = v; }
    @Option(names = "--hidden", hidden = true) void hiddenAlias(int v) { hidden = v; }
    @Option(names = "--batch", hidden = true) void batchAlias(int v) { batch = v; }

    static final String SENTENCE = "the cat sat on the mat";

    @Override protected int run() {
        threads.apply();
        ModelConfig config = new ModelConfig(vocab, embed, hidden, layers, rounds, rank, embed == hidden);
        System.out.printf("moglm kernels: BLAS core %s, %d thread(s)%n", Threads.blasCore(), Threads.get());
        try (MogrifierLM lm = new MogrifierLM(config, Precision.FLOAT)) {
            lm.initRandom(seed);
            System.out.printf("model: %s%nparameters: %,d%n", config, lm.numParams());
            printSentence(lm);
            measure(lm);
        }
        return 0;
    }

    /** Word ids: the sentence's words numbered in order of appearance after <s> = 0. */
    private void printSentence(MogrifierLM lm) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        ids.put("<s>", 0);
        List<String> words = new ArrayList<>(List.of(SENTENCE.split(" ")));
        words.add("</s>");
        for (String w : words) ids.putIfAbsent(w, ids.size() % lm.config().vocabSize());
        System.out.printf("log P(word | history) of \"%s\" under the untrained model (log 1/V = %.3f):%n",
                SENTENCE, -Math.log(lm.config().vocabSize()));
        float[] lp = new float[lm.config().vocabSize()];
        try (State st = lm.newState(1)) {
            String prev = "<s>";
            double total = 0;
            for (String w : words) {
                lm.step(new int[] {ids.get(prev)}, 1, st, lp);
                double v = lp[ids.get(w)];
                total += v;
                System.out.printf("  %-6s %8.4f%n", w, v);
                prev = w;
            }
            System.out.printf("  total  %8.4f nats, perplexity %.1f%n", total, Math.exp(-total / words.size()));
        }
    }

    private void measure(MogrifierLM lm) {
        int V = lm.config().vocabSize(), n = batch * bptt;
        Random rng = new Random(seed);
        int[] in = new int[n], tg = new int[n];
        for (int i = 0; i < n; i++) { in[i] = rng.nextInt(V); tg[i] = rng.nextInt(V); }
        try (State st = lm.newState(batch);
             Dropout drop = Dropout.sample(lm.config(), batch, 0.1, 0.1, 0.1, 0.1, rng)) {
            double score = rate(() -> { lm.forward(in, bptt, batch, st, null, false); lm.loss(tg, 1, null, 0, 1); }, n);
            double train = rate(() -> {
                lm.forward(in, bptt, batch, st, drop, true);
                lm.loss(tg, 1, null, 0, 1);
                lm.backward(null);
            }, n);
            System.out.printf("speed (batch %d x bptt %d): scoring %,.0f tokens/s, training (forward+backward) %,.0f tokens/s%n",
                    batch, bptt, score, train);
        }
    }

    private double rate(Runnable call, int tokensPerCall) {
        call.run();   // warm-up: allocates the workspace
        long t0 = System.nanoTime(), calls = 0;
        do {
            call.run();
            calls++;
        } while (System.nanoTime() - t0 < seconds * 1e9);
        return calls * tokensPerCall / ((System.nanoTime() - t0) * 1e-9);
    }
}

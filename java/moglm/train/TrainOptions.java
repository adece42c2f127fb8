package moglm.train;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Every training option, in one place (like a Kaldi options struct). Used by {@code moglm train}
 * as a picocli mixin (the option names below, also valid as {@code key=value} lines of a
 * {@code --config} file without the dashes) and directly by tests.
 */
public final class TrainOptions {
    // --- model ---
    @Option(names = "--embed-size", description = "Embedding size (= hidden size when tied). Default ${DEFAULT-VALUE}.")
    public int embedSize = 200;
    @Option(names = "--hidden-size", description = "LSTM hidden size. Default ${DEFAULT-VALUE}.")
    public int hiddenSize = 200;
    @Option(names = "--layers", description = "LSTM layers. Default ${DEFAULT-VALUE}.")
    public int layers = 2;
    @Option(names = "--rounds", description = "Mogrifier rounds r (0 = plain LSTM). Default ${DEFAULT-VALUE}.")
    public int rounds = 5;
    @Option(names = "--rank", description = "Mogrifier matrix rank k (0 = full rank). Default ${DEFAULT-VALUE}.")
    public int rank = 0;
    @Option(names = "--lstm-rank", description = "Rank of the factored LSTM matrices, left (4H x N) * right (N x (m+H)) (0 = dense). Default ${DEFAULT-VALUE}.")
    public int lstmRank = 0;
    @Option(names = "--embed-rank", description = "Rank of the factored embedding (and output) matrices, left (V x N) * right (N x E) (0 = dense). Default ${DEFAULT-VALUE}.")
    public int embedRank = 0;
    @Option(names = "--tied", arity = "0..1", fallbackValue = "true",
            description = "Tie output layer and embedding (--tied=false to untie). Default ${DEFAULT-VALUE}.")
    public boolean tied = true;

    // --- regularisation ---
    @Option(names = "--dropout-embed", description = "Dropout on the embedded input (variational). Default ${DEFAULT-VALUE}.")
    public double dropoutEmbed = 0.4;
    @Option(names = "--dropout-state", description = "Variational dropout on the recurrent state h. Default ${DEFAULT-VALUE}.")
    public double dropoutState = 0.2;
    @Option(names = "--dropout-layers", description = "Dropout between LSTM layers. Default ${DEFAULT-VALUE}.")
    public double dropoutLayers = 0.3;
    @Option(names = "--dropout-output", description = "Dropout on the last layer's output. Default ${DEFAULT-VALUE}.")
    public double dropoutOutput = 0.4;
    @Option(names = "--weight-decay", description = "Weight decay (L2, or decoupled with adamw). Default ${DEFAULT-VALUE}.")
    public double weightDecay = 0.0;

    // --- optimisation ---
    @Option(names = "--optimizer", description = "adam, adamw, sgd or rmsprop. Default ${DEFAULT-VALUE}.")
    public String optimizer = "adam";
    @Option(names = "--lr", description = "Learning rate. Default ${DEFAULT-VALUE}.")
    public double lr = 2e-3;
    @Option(names = "--momentum", description = "SGD momentum. Default ${DEFAULT-VALUE}.")
    public double momentum = 0.0;
    @Option(names = "--beta1", description = "Adam beta1. Default ${DEFAULT-VALUE}.")
    public double beta1 = 0.9;
    @Option(names = "--beta2", description = "Adam beta2 / RMSProp decay. Default ${DEFAULT-VALUE}.")
    public double beta2 = 0.999;
    @Option(names = "--eps", description = "Adam/RMSProp epsilon. Default ${DEFAULT-VALUE}.")
    public double eps = 1e-8;
    @Option(names = "--clip", description = "Gradient-norm clipping threshold (0 = off) on the per-token mean loss. Default ${DEFAULT-VALUE}.")
    public double clip = 1.0;
    @Option(names = "--lr-decay", description = "Multiply lr by this when validation does not improve. Default ${DEFAULT-VALUE}.")
    public double lrDecay = 0.5;
    @Option(names = "--lr-patience", description = "Evaluations without improvement before decaying lr. Default ${DEFAULT-VALUE}.")
    public int lrPatience = 0;
    @Option(names = "--min-lr", description = "Stop decaying below this lr. Default ${DEFAULT-VALUE}.")
    public double minLr = 1e-5;
    @Option(names = "--lr-schedule",
            description = "plateau (multiply by --lr-decay when validation does not improve) or cosine (from --lr down to --min-lr over --epochs, by update count). Default ${DEFAULT-VALUE}.")
    public String lrSchedule = "plateau";
    @Option(names = "--init-output-bias",
            description = "unigram (log of the smoothed training-text word frequencies, so training starts at the unigram perplexity) or zero. Default ${DEFAULT-VALUE}.")
    public String initOutputBias = "unigram";

    @Option(names = "--output",
            description = "Output layer in training: softmax (full softmax over the vocabulary, cross-entropy) or sampled (the step's targets plus --num-samples words drawn from a smoothed unigram, with Kaldi rnnlm's self-normalizing objective: cost independent of the vocabulary size, and the model scores words without normalization, --normalize-probs=false). Default ${DEFAULT-VALUE}.")
    public String output = "softmax";
    @Option(names = "--num-samples",
            description = "With --output=sampled: words drawn per step besides the step's targets. Default ${DEFAULT-VALUE}.")
    public int numSamples = 1024;
    @Option(names = "--replicas",
            description = "Split each batch over N model replicas trained in N threads with one BLAS thread each, and sum their gradients (data parallelism; faster than N BLAS threads for small models; not with pruning/distillation hooks). Default ${DEFAULT-VALUE} (off).")
    public int replicas = 1;

    // --- data and schedule ---
    @Option(names = "--batch-size", description = "Sequences per batch B. Default ${DEFAULT-VALUE}.")
    public int batchSize = 32;
    @Option(names = "--bptt", description = "Truncated BPTT length T. Default ${DEFAULT-VALUE}.")
    public int bptt = 35;
    @Option(names = "--epochs", description = "Passes over the training text. Default ${DEFAULT-VALUE}.")
    public int epochs = 40;
    @Option(names = "--max-time", description = "Training time budget in minutes, evaluation included (0 = none). Default ${DEFAULT-VALUE}.")
    public double maxTimeMinutes = 0;
    @Option(names = "--reset-state-at-sentence-start", arity = "0..1", fallbackValue = "true",
            description = "Zero each sequence's state at every sentence start (sentence-wise model). Default ${DEFAULT-VALUE}.")
    public boolean resetAtSentenceStart = false;
    @Option(names = "--seed", description = "Random seed (initialisation, dropout). Default ${DEFAULT-VALUE}.")
    public long seed = 1;
    @Option(names = "--eval-interval", description = "Evaluate every N training tokens (0 = once per epoch). Default ${DEFAULT-VALUE}.")
    public long evalInterval = 0;
    @Option(names = "--eval-batch-size", description = "Columns for evaluation (1 = state carried over the whole text). Default ${DEFAULT-VALUE}.")
    public int evalBatch = 1;
    @Option(names = "--checkpoint-minutes", description = "Write a checkpoint every N minutes (and at each epoch end). Default ${DEFAULT-VALUE}.")
    public double checkpointMinutes = 10;

    /** Options as {@code key=value} pairs (stored in the model file's config as {@code train.*}). */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("embed-size", "" + embedSize);
        m.put("hidden-size", "" + hiddenSize);
        m.put("layers", "" + layers);
        m.put("rounds", "" + rounds);
        m.put("rank", "" + rank);
        if (lstmRank != 0) m.put("lstm-rank", "" + lstmRank);   // only when set: older checkpoints stay resumable
        if (embedRank != 0) m.put("embed-rank", "" + embedRank);
        m.put("tied", "" + tied);
        m.put("dropout-embed", "" + dropoutEmbed);
        m.put("dropout-state", "" + dropoutState);
        m.put("dropout-layers", "" + dropoutLayers);
        m.put("dropout-output", "" + dropoutOutput);
        m.put("weight-decay", "" + weightDecay);
        m.put("optimizer", optimizer);
        m.put("lr", "" + lr);
        m.put("momentum", "" + momentum);
        m.put("beta1", "" + beta1);
        m.put("beta2", "" + beta2);
        m.put("eps", "" + eps);
        m.put("clip", "" + clip);
        m.put("lr-decay", "" + lrDecay);
        m.put("lr-patience", "" + lrPatience);
        m.put("min-lr", "" + minLr);
        m.put("lr-schedule", lrSchedule);
        m.put("init-output-bias", initOutputBias);
        if (!output.equals("softmax")) {   // only when set: older checkpoints stay resumable
            m.put("output", output);
            m.put("num-samples", "" + numSamples);
        }
        m.put("replicas", "" + replicas);
        m.put("batch-size", "" + batchSize);
        m.put("bptt", "" + bptt);
        m.put("epochs", "" + epochs);
        m.put("max-time", "" + maxTimeMinutes);
        m.put("reset-state-at-sentence-start", "" + resetAtSentenceStart);
        m.put("seed", "" + seed);
        m.put("eval-interval", "" + evalInterval);
        m.put("eval-batch-size", "" + evalBatch);
        m.put("checkpoint-minutes", "" + checkpointMinutes);
        return m;
    }

    /** Whether training uses the sampled output layer. */
    public boolean sampledOutput() { return output.equals("sampled"); }

    /** Checks ranges; throws IllegalArgumentException naming the option. */
    public void validate() {
        check(embedSize > 0, "--embed-size must be > 0");
        check(hiddenSize > 0, "--hidden-size must be > 0");
        check(layers > 0, "--layers must be > 0");
        check(rounds >= 0, "--rounds must be >= 0");
        check(rank >= 0, "--rank must be >= 0");
        check(lstmRank >= 0 && lstmRank <= 4L * hiddenSize, "--lstm-rank must be in 0..4*--hidden-size");
        check(embedRank >= 0, "--embed-rank must be >= 0");
        check(!tied || embedSize == hiddenSize, "--tied needs --embed-size == --hidden-size");
        for (double p : new double[] {dropoutEmbed, dropoutState, dropoutLayers, dropoutOutput}) {
            check(p >= 0 && p < 1, "dropout probabilities must be in [0,1)");
        }
        check(lr > 0, "--lr must be > 0");
        check(replicas >= 1 && replicas <= batchSize, "--replicas must be in [1, --batch-size]");
        check(lrSchedule.equals("plateau") || lrSchedule.equals("cosine"),
                "--lr-schedule must be plateau or cosine, got " + lrSchedule);
        check(initOutputBias.equals("unigram") || initOutputBias.equals("zero"),
                "--init-output-bias must be unigram or zero, got " + initOutputBias);
        check(output.equals("softmax") || output.equals("sampled"), "--output must be softmax or sampled, got " + output);
        check(numSamples >= 1, "--num-samples must be >= 1");
        check(!output.equals("sampled") || embedRank == 0, "--output=sampled needs a dense output matrix (--embed-rank=0)");
        check(!output.equals("sampled") || replicas == 1, "--output=sampled does not combine with --replicas > 1");
        check(lrDecay > 0 && lrDecay <= 1, "--lr-decay must be in (0,1]");
        check(batchSize > 0 && bptt > 0 && evalBatch > 0, "--batch-size, --bptt, --eval-batch-size must be > 0");
        check(epochs > 0, "--epochs must be > 0");
        check(maxTimeMinutes >= 0 && checkpointMinutes >= 0, "--max-time and --checkpoint-minutes must be >= 0");
    }

    private static void check(boolean ok, String msg) {
        if (!ok) throw new IllegalArgumentException(msg);
    }
}

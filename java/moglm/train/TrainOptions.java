package moglm.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every training option with its default, in one place (like a Kaldi options struct). The
 * command line binds these fields to options named as in {@link #toMap()} (moglm.cli.train's
 * TrainOptionsBinding, which takes its defaults from a fresh instance); tests and Java callers set
 * the fields directly.
 */
public final class TrainOptions {
    // --- model ---
    /** Embedding size (= hidden size when tied). */
    public int embedSize = 200;
    /** LSTM hidden size. */
    public int hiddenSize = 200;
    /** LSTM layers. */
    public int layers = 2;
    /** Mogrifier rounds r (0 = plain LSTM). */
    public int rounds = 5;
    /** Mogrifier matrix rank k (0 = full rank). */
    public int rank = 0;
    /** Rank of the factored LSTM matrices, left (4H x N) * right (N x (m+H)) (0 = dense). */
    public int lstmRank = 0;
    /** Rank of the factored embedding (and output) matrices, left (V x N) * right (N x E) (0 = dense). */
    public int embedRank = 0;
    /** Tie output layer and embedding (--tied=false to untie). */
    public boolean tied = true;

    // --- regularisation ---
    /** Dropout on the embedded input (variational). */
    public double dropoutEmbed = 0.4;
    /** Variational dropout on the recurrent state h. */
    public double dropoutState = 0.2;
    /** Dropout between LSTM layers. */
    public double dropoutLayers = 0.3;
    /** Dropout on the last layer's output. */
    public double dropoutOutput = 0.4;
    /** Weight decay (L2, or decoupled with adamw). */
    public double weightDecay = 0.0;

    // --- optimisation ---
    /** adam, adamw, sgd or rmsprop. */
    public String optimizer = "adam";
    /** Learning rate. */
    public double lr = 2e-3;
    /** SGD momentum. */
    public double momentum = 0.0;
    /** Adam beta1. */
    public double beta1 = 0.9;
    /** Adam beta2 / RMSProp decay. */
    public double beta2 = 0.999;
    /** Adam/RMSProp epsilon. */
    public double eps = 1e-8;
    /** Gradient-norm clipping threshold (0 = off) on the per-token mean loss. */
    public double clip = 1.0;
    /** Multiply lr by this when validation does not improve. */
    public double lrDecay = 0.5;
    /** Evaluations without improvement before decaying lr. */
    public int lrPatience = 0;
    /** Stop decaying below this lr. */
    public double minLr = 1e-5;
    /** plateau (multiply by --lr-decay when validation does not improve) or cosine (from --lr down to --min-lr over --epochs, by update count). */
    public String lrSchedule = "plateau";
    /** unigram (log of the smoothed training-text word frequencies, so training starts at the unigram perplexity) or zero. */
    public String initOutputBias = "unigram";

    /** Output layer in training: softmax (full softmax, cross-entropy) or sampled (the step's targets plus {@link #numSamples} words from a smoothed unigram, Kaldi rnnlm's self-normalizing objective). */
    public String output = "softmax";
    /** With output = sampled: words drawn per step besides the step's targets. */
    public int numSamples = 1024;
    /** With output = sampled: weight beta of an explicit self-normalization term beta (log Zs)^2 added to Kaldi's objective per position (Zs = the sample's estimate of Z; Devlin et al. 2014); 0 = Kaldi's objective alone. */
    public double logZPenalty = 0;
    /** With output = sampled: kaldi (Kaldi rnnlm's self-normalizing bound), softmax (sampled softmax, log-inclusion-probability correction) or nce (noise-contrastive estimation against the unigram proposal, raw logits as unnormalized scores). */
    public String sampledObjective = "kaldi";
    /** Split each batch over N model replicas trained in N threads with one BLAS thread each, and sum their gradients (data parallelism; faster than N BLAS threads for small models; not with pruning/distillation hooks). 1 = off. */
    public int replicas = 1;

    // --- data and schedule ---
    /** Sequences per batch B. */
    public int batchSize = 32;
    /** Truncated BPTT length T. */
    public int bptt = 35;
    /** Passes over the training text. */
    public int epochs = 40;
    /** Training time budget in minutes, evaluation included (0 = none). */
    public double maxTimeMinutes = 0;
    /** Zero each sequence's state at every sentence start (sentence-wise model). */
    public boolean resetAtSentenceStart = false;
    /** Random seed (initialisation, dropout). */
    public long seed = 1;
    /** Evaluate every N training tokens (0 = once per epoch). */
    public long evalInterval = 0;
    /** Columns for evaluation (1 = state carried over the whole text). */
    public int evalBatch = 1;
    /** Write a checkpoint every N minutes (and at each epoch end). */
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
        if (logZPenalty != 0) m.put("log-z-penalty", "" + logZPenalty);   // only when set: older checkpoints stay resumable
        if (!sampledObjective.equals("kaldi")) m.put("sampled-objective", sampledObjective);   // likewise
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
        check(logZPenalty >= 0 && !Double.isInfinite(logZPenalty), "--log-z-penalty must be finite and >= 0");
        check(logZPenalty == 0 || sampledOutput(), "--log-z-penalty goes with --output=sampled (the full softmax is normalized exactly)");
        check(sampledObjective.equals("kaldi") || sampledObjective.equals("softmax") || sampledObjective.equals("nce"),
                "--sampled-objective must be kaldi, softmax or nce, got " + sampledObjective);
        check(sampledObjective.equals("kaldi") || sampledOutput(), "--sampled-objective goes with --output=sampled");
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

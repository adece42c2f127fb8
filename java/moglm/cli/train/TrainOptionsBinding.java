package moglm.cli.train;

import java.util.function.BiConsumer;
import java.util.function.Function;
import moglm.train.TrainOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Binds the fields of a {@link TrainOptions} to {@code moglm train}'s options (programmatic
 * picocli options, so the training package stays free of the CLI). Defaults are not written here:
 * each option's default is the field's value in a fresh {@code TrainOptions}, the one place
 * defaults are registered. The option names are those of {@link TrainOptions#toMap()} (also the
 * keys of a {@code --config} file).
 */
final class TrainOptionsBinding {
    private TrainOptionsBinding() {}

    private static final TrainOptions DEFAULTS = new TrainOptions();

    /** Adds every training option to {@code spec}, writing into {@code target}. */
    static void addTo(CommandSpec spec, TrainOptions target) {
        new Adder(spec, target)
                // --- model ---
                .add("--embed-size", int.class, "Embedding size (= hidden size when tied).", o -> o.embedSize, (o, v) -> o.embedSize = v)
                .add("--hidden-size", int.class, "LSTM hidden size.", o -> o.hiddenSize, (o, v) -> o.hiddenSize = v)
                .add("--layers", int.class, "LSTM layers.", o -> o.layers, (o, v) -> o.layers = v)
                .add("--rounds", int.class, "Mogrifier rounds r (0 = plain LSTM).", o -> o.rounds, (o, v) -> o.rounds = v)
                .add("--rank", int.class, "Mogrifier matrix rank k (0 = full rank).", o -> o.rank, (o, v) -> o.rank = v)
                .add("--lstm-rank", int.class, "Rank of the factored LSTM matrices, left (4H x N) * right (N x (m+H)) (0 = dense).",
                        o -> o.lstmRank, (o, v) -> o.lstmRank = v)
                .add("--embed-rank", int.class, "Rank of the factored embedding (and output) matrices, left (V x N) * right (N x E) (0 = dense).",
                        o -> o.embedRank, (o, v) -> o.embedRank = v)
                .flag("--tied", "Tie output layer and embedding (--tied=false to untie).", o -> o.tied, (o, v) -> o.tied = v)
                // --- regularisation ---
                .add("--dropout-embed", double.class, "Dropout on the embedded input (variational).", o -> o.dropoutEmbed, (o, v) -> o.dropoutEmbed = v)
                .add("--dropout-state", double.class, "Variational dropout on the recurrent state h.", o -> o.dropoutState, (o, v) -> o.dropoutState = v)
                .add("--dropout-layers", double.class, "Dropout between LSTM layers.", o -> o.dropoutLayers, (o, v) -> o.dropoutLayers = v)
                .add("--dropout-output", double.class, "Dropout on the last layer's output.", o -> o.dropoutOutput, (o, v) -> o.dropoutOutput = v)
                .add("--weight-decay", double.class, "Weight decay (L2, or decoupled with adamw).", o -> o.weightDecay, (o, v) -> o.weightDecay = v)
                // --- optimisation ---
                .add("--optimizer", String.class, "adam, adamw, sgd or rmsprop.", o -> o.optimizer, (o, v) -> o.optimizer = v)
                .add("--lr", double.class, "Learning rate.", o -> o.lr, (o, v) -> o.lr = v)
                .add("--momentum", double.class, "SGD momentum.", o -> o.momentum, (o, v) -> o.momentum = v)
                .add("--beta1", double.class, "Adam beta1.", o -> o.beta1, (o, v) -> o.beta1 = v)
                .add("--beta2", double.class, "Adam beta2 / RMSProp decay.", o -> o.beta2, (o, v) -> o.beta2 = v)
                .add("--eps", double.class, "Adam/RMSProp epsilon.", o -> o.eps, (o, v) -> o.eps = v)
                .add("--clip", double.class, "Gradient-norm clipping threshold (0 = off) on the per-token mean loss.", o -> o.clip, (o, v) -> o.clip = v)
                .add("--lr-decay", double.class, "Multiply lr by this when validation does not improve.", o -> o.lrDecay, (o, v) -> o.lrDecay = v)
                .add("--lr-patience", int.class, "Evaluations without improvement before decaying lr.", o -> o.lrPatience, (o, v) -> o.lrPatience = v)
                .add("--min-lr", double.class, "Stop decaying below this lr.", o -> o.minLr, (o, v) -> o.minLr = v)
                .add("--lr-schedule", String.class, "plateau (multiply by --lr-decay when validation does not improve) or cosine"
                        + " (from --lr down to --min-lr over --epochs, by update count).", o -> o.lrSchedule, (o, v) -> o.lrSchedule = v)
                .add("--init-output-bias", String.class, "unigram (log of the smoothed training-text word frequencies, so training starts"
                        + " at the unigram perplexity) or zero.", o -> o.initOutputBias, (o, v) -> o.initOutputBias = v)
                .add("--output", String.class, "Output layer in training: softmax (full softmax over the vocabulary, cross-entropy) or"
                        + " sampled (the step's targets plus --num-samples words drawn from a smoothed unigram, with Kaldi rnnlm's"
                        + " self-normalizing objective: cost independent of the vocabulary size; the model then rescores with"
                        + " --normalize-probs=false by default).", o -> o.output, (o, v) -> o.output = v)
                .add("--num-samples", int.class, "With --output=sampled: words drawn per step besides the step's targets.",
                        o -> o.numSamples, (o, v) -> o.numSamples = v)
                .add("--log-z-penalty", double.class, "With --output=sampled: weight beta of an explicit self-normalization term"
                        + " beta (log Z)^2 added to Kaldi's objective per position (Z estimated from the step's sample; Devlin et al."
                        + " 2014); 0 = Kaldi's objective alone.", o -> o.logZPenalty, (o, v) -> o.logZPenalty = v)
                .add("--sampled-objective", String.class, "With --output=sampled: kaldi (Kaldi rnnlm's self-normalizing bound),"
                        + " softmax (sampled softmax with the log-inclusion-probability correction; self-normalizes only with"
                        + " --log-z-penalty) or nce (noise-contrastive estimation against the unigram proposal, raw logits as"
                        + " unnormalized log-scores). See docs/vocabulary.md.", o -> o.sampledObjective, (o, v) -> o.sampledObjective = v)
                .add("--replicas", int.class, "Split each batch over N model replicas trained in N threads with one BLAS thread each,"
                        + " and sum their gradients (data parallelism; faster than N BLAS threads for small models; not with"
                        + " pruning/distillation hooks; 1 = off).", o -> o.replicas, (o, v) -> o.replicas = v)
                // --- data and schedule ---
                .add("--batch-size", int.class, "Sequences per batch B.", o -> o.batchSize, (o, v) -> o.batchSize = v)
                .add("--bptt", int.class, "Truncated BPTT length T.", o -> o.bptt, (o, v) -> o.bptt = v)
                .add("--epochs", int.class, "Passes over the training text.", o -> o.epochs, (o, v) -> o.epochs = v)
                .add("--max-time", double.class, "Training time budget in minutes, evaluation included (0 = none).",
                        o -> o.maxTimeMinutes, (o, v) -> o.maxTimeMinutes = v)
                .flag("--reset-state-at-sentence-start", "Zero each sequence's state at every sentence start (sentence-wise model).",
                        o -> o.resetAtSentenceStart, (o, v) -> o.resetAtSentenceStart = v)
                .add("--seed", long.class, "Random seed (initialisation, dropout).", o -> o.seed, (o, v) -> o.seed = v)
                .add("--eval-interval", long.class, "Evaluate every N training tokens (0 = once per epoch).", o -> o.evalInterval, (o, v) -> o.evalInterval = v)
                .add("--eval-batch-size", int.class, "Columns for evaluation (1 = state carried over the whole text).", o -> o.evalBatch, (o, v) -> o.evalBatch = v)
                .add("--checkpoint-minutes", double.class, "Write a checkpoint every N minutes (and at each epoch end).",
                        o -> o.checkpointMinutes, (o, v) -> o.checkpointMinutes = v);
    }

    /** Adds typed options bound to one TrainOptions. */
    private record Adder(CommandSpec spec, TrainOptions target) {
        <V> Adder add(String name, Class<V> type, String description, Function<TrainOptions, V> get, BiConsumer<TrainOptions, V> set) {
            spec.addOption(builder(name, type, description, get, set).build());
            return this;
        }

        Adder flag(String name, String description, Function<TrainOptions, Boolean> get, BiConsumer<TrainOptions, Boolean> set) {
            spec.addOption(builder(name, boolean.class, description, get, set).arity("0..1").fallbackValue("true")
                    .paramLabel("BOOL").build());
            return this;
        }

        private <V> OptionSpec.Builder builder(String name, Class<V> type, String description, Function<TrainOptions, V> get,
                                              BiConsumer<TrainOptions, V> set) {
            IGetter getter = new IGetter() {
                @SuppressWarnings("unchecked") @Override public <T> T get() {
                    return (T) get.apply(target);
                }
            };
            ISetter setter = new ISetter() {
                @SuppressWarnings("unchecked") @Override public <T> T set(T value) {
                    T old = (T) get.apply(target);
                    set.accept(target, (V) value);
                    return old;
                }
            };
            V dflt = get.apply(DEFAULTS);
            String label = type == int.class || type == long.class ? "INT" : type == double.class ? "FLOAT" : "STRING";
            return OptionSpec.builder(name).type(type).paramLabel(label).description(description).getter(getter).setter(setter)
                    .initialValue(dflt).hasInitialValue(true).defaultValue(String.valueOf(dflt));
        }
    }
}

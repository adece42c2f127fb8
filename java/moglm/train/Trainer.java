package moglm.train;

import moglm.model.TensorNames;
import moglm.model.Vocabulary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import moglm.model.Dropout;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import moglm.model.State;
import moglm.modelfile.KeyValues;
import moglm.modelfile.ModelFile;
import moglm.train.optim.GradientClipping;
import moglm.train.optim.Optimizer;
import moglm.train.optim.OptimizerFactory;
import moglm.util.AtomicFile;
import moglm.util.JsonLine;

/**
 * Trains a Mogrifier LSTM LM with truncated BPTT.
 *
 * <p>One step: zero the state of the sequences the chunk resets, draw the step's dropout masks
 * from {@link StepRandom}(seed, step) (with {@code --output=sampled} also the output sample,
 * {@link OutputSampler}, a function of (seed, step) too), forward T x B, loss = mean
 * cross-entropy over the chunk's targets (sampled: Kaldi rnnlm's self-normalizing objective over
 * the sample), backward, clip the global gradient norm, optimiser update, re-apply the model's masks
 * ({@link MogrifierLM#applyMasksToParams()}) so pruned weights stay exactly zero.
 * The recurrent state is carried from chunk to chunk ({@link StreamBatcher}; zeroed only before the
 * first step of training, then carried across epoch ends too: column b's final state goes on into
 * column b of the next epoch) or reset at sentence starts ({@link SentenceBatcher}).
 *
 * <p>Evaluation on the validation text (no dropout, {@link Evaluator}) runs every
 * {@code evalInterval} tokens and at each epoch end; a new best is written to
 * {@code OUT/final.mlm}; when validation does not improve for more than {@code lrPatience}
 * evaluations the learning rate is multiplied by {@code lrDecay} (not below {@code minLr}).
 * With {@code --lr-schedule=cosine} the learning rate is instead a function of the update count
 * alone, lr(t) = minLr + (lr - minLr) (1 + cos(pi t / N)) / 2 over the N = epochs x chunks updates
 * of the run, so a run with a known budget ends annealed (and resume stays exact).
 * Each evaluation appends a JSON line to {@code OUT/metrics.jsonl} and redraws
 * {@code OUT/ppl.png}. A checkpoint ({@code OUT/checkpoint.mlmc}, {@link Checkpoint}) is written
 * every {@code checkpointMinutes}, at each epoch end and when training stops (epochs done, time
 * budget spent, or {@link #stopAfterSteps}); {@link #run}{@code (true)} resumes from it and, with
 * the same options, produces the same parameters as an uninterrupted run (the data order is
 * fixed, the random stream is a function of (seed, step), and the state, optimiser slots and
 * counters are restored).
 */
public final class Trainer {
    private final TrainOptions opt;
    private final Vocabulary vocab;
    private final Corpus train;
    private final Corpus valid;
    private final Path outDir;
    private final ProgressBar progress;
    /** Test hook: stop (with a checkpoint) once this many updates have been done in total; 0 = off. */
    public long stopAfterSteps = 0;
    /**
     * When set, {@link #run}{@code (false)} starts from this checkpoint of another run (weights,
     * optimiser slots, recurrent state, step and counters) instead of a fresh model, with the hook
     * started fresh: a fork. The options must be the checkpoint's (as for a resume), and the hook
     * must accept the checkpoint ({@link StepHook#fork}: e.g. taken before any pruning).
     * Runs that differ only in what their hook does after that point (on-demand with and without
     * distillation, one-shot pruning at half) then share their identical dense first half.
     */
    public Path forkFrom = null;
    /** Test hook: with {@code --output=sampled}, always run the dense optimizer step (no row-lazy update). */
    public boolean denseUpdate = false;
    /** Optional extension (on-demand pruning): see {@link StepHook}; closed by {@link #run}. */
    public StepHook hook = null;
    /**
     * When set (and not resuming): start from this checkpoint's model, optimiser slots and step
     * count and its hook state (e.g. the on-demand masks in force), but at the start of this run's
     * training text with a zero recurrent state, fresh counters (tokens, epoch, metrics) and this
     * run's options (learning rate, seed). One job of a multi-job iteration
     * ({@code recipes/kaldi/train_lm.sh}) runs this way from the previous iteration's averaged
     * checkpoint; the step count carries on, so {@link StepRandom} streams, prune schedules and
     * Adam's bias correction see one global step count.
     */
    public Path startFrom = null;
    /** Write the initial checkpoint and model (no update) and stop: iteration 0 of a multi-job run. */
    public boolean initOnly = false;

    /** What a run did. */
    public record Summary(long steps, long tokens, double trainSeconds, double tokensPerSecond,
                          double bestValidPpl, double lastLoss, boolean finished, Path model) {}

    public Trainer(TrainOptions opt, Vocabulary vocab, Corpus train, Corpus valid, Path outDir, ProgressBar progress) {
        opt.validate();
        this.opt = opt;
        this.vocab = vocab;
        this.train = train;
        this.valid = valid;
        this.outDir = outDir;
        this.progress = progress;
    }

    public Path modelPath() { return outDir.resolve("final.mlm"); }

    public Path checkpointPath() { return outDir.resolve("checkpoint.mlmc"); }

    public Path metricsPath() { return outDir.resolve("metrics.jsonl"); }

    public Path plotPath() { return outDir.resolve("ppl.png"); }

    /** Options that may differ between a checkpoint and the resuming run. */
    private static final java.util.Set<String> RESUMABLE_CHANGES =
            java.util.Set.of("epochs", "max-time", "checkpoint-minutes");

    /**
     * The output bias that makes a fresh model predict the unigram distribution of the training
     * text: log((count(w) + 1) / (N + V)) over every predicted token (words and {@code </s>}),
     * shifted to mean zero. Without it, Adam needs about a thousand updates to learn the unigram
     * distribution through a zero bias (0.003 per step), and a Mogrifier LSTM, whose gates multiply
     * the input, can settle into predicting just that distribution and ignore the context.
     */
    static float[] unigramLogProbs(Corpus corpus, int vocabSize) {
        return unigramLogProbs(corpus, vocabSize, true);
    }

    /**
     * As above; {@code centre = false} keeps the log-probabilities as they are, so that the fresh
     * model's normalizer is Z = 1 (log Z = 0): the start of a self-normalized model
     * ({@code --output=sampled}), whose objective keeps log Z near 0 from there.
     */
    static float[] unigramLogProbs(Corpus corpus, int vocabSize, boolean centre) {
        int[] stream = corpus.stream();
        long[] count = new long[vocabSize];
        for (int i = 1; i < stream.length; i++) count[stream[i]]++;
        double total = stream.length - 1 + vocabSize, mean = 0;
        double[] lp = new double[vocabSize];
        for (int w = 0; w < vocabSize; w++) { lp[w] = Math.log((count[w] + 1) / total); mean += lp[w] / vocabSize; }
        float[] b = new float[vocabSize];
        for (int w = 0; w < vocabSize; w++) b[w] = (float) (lp[w] - (centre ? mean : 0));
        return b;
    }

    /** The cosine schedule's learning rate for update {@code step} of {@code total}. */
    double cosineLr(long step, long total) {
        double f = Math.min(1.0, step / (double) Math.max(1, total));
        return opt.minLr + (opt.lr - opt.minLr) * 0.5 * (1 + Math.cos(Math.PI * f));
    }

    /** Runs (or resumes) training; returns when done or stopped. */
    public Summary run(boolean resume) throws IOException {
        Files.createDirectories(outDir);
        ModelConfig mc = new ModelConfig(vocab.size(), opt.embedSize, opt.hiddenSize, opt.layers, opt.rounds, opt.rank,
                opt.lstmRank, opt.embedRank, opt.tied);
        Batcher batcher = opt.resetAtSentenceStart
                ? new SentenceBatcher(train, opt.batchSize, opt.bptt)
                : new StreamBatcher(train, opt.batchSize, opt.bptt);
        MogrifierLM model = null;
        TrainingState st;
        Checkpoint.Loaded ck = null;
        try {
            if (resume || forkFrom != null) {
                if (resume && forkFrom != null) throw new IllegalArgumentException("a fork (forkFrom) is a new run, not a resume");
                ck = Checkpoint.read(resume ? checkpointPath() : forkFrom);
                checkCompatible(ck);
                if (forkFrom != null) {
                    AtomicFile.write(outDir.resolve("train.conf"), KeyValues.format(opt.toMap()).getBytes(StandardCharsets.UTF_8));
                    vocab.writeKaldi(outDir.resolve("words.txt"));
                }
                model = ck.model().model();
                st = ck.state();
                st.finished = false;   // the loop re-decides (e.g. more --epochs or a larger --max-time)
                progress.message(String.format(Locale.ROOT, "%s from %s: epoch %d, chunk %d, step %d, %d tokens",
                        resume ? "resuming" : "forking", resume ? checkpointPath() : forkFrom, st.epoch + 1, st.chunk, st.step, st.tokens));
            } else if (startFrom != null) {
                ck = Checkpoint.read(startFrom);
                model = ck.model().model();
                checkStartCompatible(ck, mc);
                st = new TrainingState();
                st.step = ck.state().step;
                st.lr = opt.lr;
                st.nextEvalTokens = opt.evalInterval > 0 ? opt.evalInterval : Long.MAX_VALUE;
                AtomicFile.write(outDir.resolve("train.conf"), KeyValues.format(opt.toMap()).getBytes(StandardCharsets.UTF_8));
                vocab.writeKaldi(outDir.resolve("words.txt"));
                progress.message(String.format(Locale.ROOT, "starting from %s at step %d (optimiser state and step count kept; "
                        + "data position, recurrent state and counters fresh)", startFrom, st.step));
            } else {
                model = new MogrifierLM(mc, Precision.FLOAT);
                model.initRandom(opt.seed);
                if (opt.initOutputBias.equals("unigram")) model.setParam(TensorNames.OUT_BIAS, unigramLogProbs(train, vocab.size(), !opt.sampledOutput()));
                st = new TrainingState();
                st.lr = opt.lr;
                st.nextEvalTokens = opt.evalInterval > 0 ? opt.evalInterval : Long.MAX_VALUE;
                AtomicFile.write(outDir.resolve("train.conf"), KeyValues.format(opt.toMap()).getBytes(StandardCharsets.UTF_8));
                vocab.writeKaldi(outDir.resolve("words.txt"));
            }
            int n = (int) model.numParams();
            Optimizer optimizer = OptimizerFactory.create(opt.optimizer, n, opt.weightDecay, opt.momentum, opt.beta1, opt.beta2, opt.eps);
            try (State state = model.newState(opt.batchSize)) {
                state.zero();
                if (ck != null) {
                    Checkpoint.restoreOptimizer(ck, optimizer);
                    if (resume) {
                        Checkpoint.restoreState(ck, state);
                        rewriteMetrics(st);
                    }
                }
                progress.message(String.format(Locale.ROOT,
                        "model: V=%d E=%d H=%d layers=%d rounds=%d rank=%d%s tied=%b, %d parameters; %s, %d chunks/epoch (B=%d, T=%d)%s",
                        mc.vocabSize(), mc.embedSize(), mc.hiddenSize(), mc.layers(), mc.rounds(), mc.rank(),
                        mc.factored() ? " lstm-rank=" + mc.lstmRank() + " embed-rank=" + mc.embedRank() : "", mc.tied(), n,
                        optimizer.name(), batcher.numChunks(), opt.batchSize, opt.bptt,
                        batcher instanceof SentenceBatcher s ? String.format(Locale.ROOT, ", sentence reset, %.0f%% of slots used", 100 * s.efficiency()) : ""));
                if (hook != null) {
                    hook.start(model, (long) batcher.numChunks() * opt.epochs);
                    if (ck != null && forkFrom == null) hook.restore(ck.file());
                    if (ck != null && forkFrom != null) hook.fork(ck.file(), state);
                    if (ck != null && startFrom != null) hook.newText();
                }
                if (initOnly && ck == null) {
                    st.finished = true;
                    writeModel(model, st);
                    saveCheckpoint(model, st, optimizer, state);
                    progress.message("initial model written: " + modelPath() + ", " + checkpointPath());
                } else {
                    loop(model, mc, batcher, state, optimizer, st);
                }
                if (hook != null) for (String line : hook.report(model, valid, opt)) progress.message(line);
            }
            Path best = Files.exists(modelPath()) ? modelPath() : null;
            double tps = st.trainMillis == 0 ? 0 : st.tokens / (st.trainMillis / 1000.0);
            return new Summary(st.step, st.tokens, st.trainMillis / 1000.0, tps, st.bestValid == Double.POSITIVE_INFINITY
                    ? Double.NaN : Math.exp(st.bestValid), st.lastLoss, st.finished, best);
        } finally {
            if (hook != null) hook.close();
            if (model != null) model.close();
        }
    }

    private void checkCompatible(Checkpoint.Loaded ck) throws IOException {
        Map<String, String> now = opt.toMap();
        List<String> diffs = new ArrayList<>();
        for (Map.Entry<String, String> e : now.entrySet()) {
            String old = ck.options().get(e.getKey());
            if (!RESUMABLE_CHANGES.contains(e.getKey()) && !e.getValue().equals(old)) {
                diffs.add("--" + e.getKey() + " " + old + " -> " + e.getValue());
            }
        }
        if (!diffs.isEmpty()) {
            throw new IllegalArgumentException(checkpointPath() + ": options differ from the checkpoint's ("
                    + String.join(", ", diffs) + "); only --epochs, --max-time, --checkpoint-minutes may change on --resume");
        }
        if (!ck.model().vocabulary().equals(vocab)) {
            throw new IllegalArgumentException(checkpointPath() + ": the vocabulary differs from the checkpoint's");
        }
    }

    /** A --start-from checkpoint must hold the architecture and vocabulary this run describes. */
    private void checkStartCompatible(Checkpoint.Loaded ck, ModelConfig mc) {
        if (!ck.model().model().config().equals(mc)) {
            throw new IllegalArgumentException(startFrom + ": the checkpoint's model is " + ck.model().model().config()
                    + ", the options describe " + mc);
        }
        if (!ck.model().vocabulary().equals(vocab)) {
            throw new IllegalArgumentException(startFrom + ": the vocabulary differs from the checkpoint's (give --words=<the run's words.txt>)");
        }
    }

    private void loop(MogrifierLM model, ModelConfig mc, Batcher batcher, State state, Optimizer optimizer,
                      TrainingState st) throws IOException {
        long startNanos = System.nanoTime();
        long baseTotal = st.totalMillis;
        long lastCheckpoint = System.nanoTime();
        long budgetMillis = (long) (opt.maxTimeMinutes * 60_000);
        boolean dropout = opt.dropoutEmbed > 0 || opt.dropoutState > 0 || opt.dropoutLayers > 0 || opt.dropoutOutput > 0;
        long totalTokensPlanned = batcher.targetCount() * opt.epochs;
        try (DataParallel parallel = opt.replicas > 1 && hook == null ? new DataParallel(mc, opt.batchSize, opt.replicas) : null) {
            runSteps(model, mc, batcher, state, optimizer, st, parallel, startNanos, baseTotal,
                    lastCheckpoint, budgetMillis, dropout, totalTokensPlanned);
        }
    }

    private void runSteps(MogrifierLM model, ModelConfig mc, Batcher batcher, State state, Optimizer optimizer,
                      TrainingState st, DataParallel parallel,
                      long startNanos, long baseTotal, long lastCheckpoint, long budgetMillis, boolean dropout,
                      long totalTokensPlanned) throws IOException {
        long stepNanos = 0, stepTokens = 0, stepCpuNanos = 0;  // this session, for tokens/s
        java.lang.management.ThreadMXBean cpuClock = java.lang.management.ManagementFactory.getThreadMXBean();
        OutputSampler sampler = opt.sampledOutput() ? new OutputSampler(train, mc.vocabSize(), opt.numSamples) : null;
        // sampled output, no hook or one that keeps to the step's rows (StepHook#vocabularyRowsOnly): the
        // optimizer touches only the step's vocabulary rows (lazy Adam), masks only those rows
        LazyRowUpdate lazy = sampler != null && parallel == null && !denseUpdate && (hook == null || hook.vocabularyRowsOnly())
                ? new LazyRowUpdate(model) : null;
        // the dense update's Java copies of all parameters and gradients (the lazy one needs none)
        float[] params = lazy == null ? new float[Math.toIntExact(model.numParams())] : null;
        float[] grads = lazy == null ? new float[params.length] : null;
        if (sampler != null) model.setLogZPenalty(opt.logZPenalty);
        if (sampler != null) model.setSampledObjective(opt.sampledObjective);
        int[] stepSample = null;

        while (!st.finished) {
            if (st.epoch >= opt.epochs) {
                st.finished = true;
                break;
            }
            if (stopAfterSteps > 0 && st.step >= stopAfterSteps) break;
            if (budgetMillis > 0 && st.totalMillis >= budgetMillis) {
                progress.message(String.format(Locale.ROOT, "time budget of %.1f min reached", opt.maxTimeMinutes));
                if (st.lastEvalStep != st.step) evaluateAndLog(model, st, optimizer, state, true);
                st.finished = true;
                break;
            }
            Chunk ch = batcher.chunk(st.chunk);
            long t0 = System.nanoTime();
            long c0 = cpuClock.getCurrentThreadCpuTime();
            // stream mode: the state is zeroed only at the very start and then carried on, also
            // across epoch ends (a zero state mid-text is what a model trained this way has rarely seen)
            boolean carryAcrossEpoch = !opt.resetAtSentenceStart && st.step > 0;
            if (!carryAcrossEpoch) for (int b : ch.resetRows()) state.zero(b);
            if (lazy == null) model.zeroGrads();   // the lazy update zeroes what it read
            if (hook != null) {
                hook.beforeStep(st.step, ch);
                if (lazy == null) model.zeroGrads();   // a vocabularyRowsOnly hook leaves them zero
                if (hook.restartBestModel()) {
                    st.bestValid = Double.POSITIVE_INFINITY;
                    st.badEvals = 0;
                }
            }
            if (sampler != null) {
                OutputSampler.Sample smp = sampler.sample(ch.targets(), opt.seed, st.step);
                model.setOutputSample(smp.words(), smp.inverseProbs());
                if (opt.sampledObjective.equals("nce")) model.setOutputNoise(sampler.noise(smp.words()));
                stepSample = smp.words();
                if (lazy != null && hook != null) model.restrictToRows(lazy.stepRows(ch.inputs(), stepSample));
            }
            Dropout d = dropout ? Dropout.sample(mc, opt.batchSize, opt.dropoutEmbed, opt.dropoutState,
                    opt.dropoutLayers, opt.dropoutOutput, StepRandom.of(opt.seed, st.step)) : null;
            try {
                MogrifierLM.LossResult r;
                if (parallel != null) {
                    model.getParams(params);
                    r = parallel.step(params, ch, state, d, 1.0 / ch.targetCount(), grads);
                } else if (hook != null && hook.replacesStep()) {
                    r = hook.step(st.step, ch, d, 1.0 / ch.targetCount());
                } else {
                    model.forward(ch.inputs(), ch.steps(), ch.batch(), state, d, true);
                    r = model.loss(ch.targets(), 1.0 / ch.targetCount(), null, 0.0, 1.0);
                    model.backward(null);
                }
                st.intervalLoss += r.crossEntropy();
                st.intervalCount += r.count();
                st.lastLoss = r.crossEntropy() / r.count();
            } finally {
                if (d != null) d.close();
                if (sampler != null) model.clearOutputSample();
                if (lazy != null && hook != null) {
                    model.clearMasks();
                    model.restrictToRows(null);
                }
            }
            if (opt.lrSchedule.equals("cosine")) st.lr = cosineLr(st.step, (long) batcher.numChunks() * opt.epochs);
            if (lazy != null) {
                lazy.step(ch.inputs(), stepSample, optimizer, st.lr, opt.clip);
            } else {
                if (parallel == null) model.getGrads(grads);
                GradientClipping.clip(grads, opt.clip);
                if (parallel == null) model.getParams(params);   // the parallel step fetched them already
                optimizer.step(params, grads, st.lr);
                model.setParams(params);
                model.applyMasksToParams();
            }
            long dt = System.nanoTime() - t0;
            stepNanos += dt;
            stepCpuNanos += cpuClock.getCurrentThreadCpuTime() - c0;
            stepTokens += ch.targetCount();
            st.step++;
            st.tokens += ch.targetCount();
            st.chunk++;
            st.trainMillis += dt / 1_000_000;
            st.totalMillis = baseTotal + (System.nanoTime() - startNanos) / 1_000_000;

            boolean epochEnd = st.chunk >= batcher.numChunks();
            if (epochEnd) {
                st.chunk = 0;
                st.epoch++;
            }
            if (epochEnd || st.tokens >= st.nextEvalTokens) {
                if (!epochEnd) st.nextEvalTokens += opt.evalInterval;
                evaluateAndLog(model, st, optimizer, state, false);
            }
            st.totalMillis = baseTotal + (System.nanoTime() - startNanos) / 1_000_000;
            if (epochEnd || (opt.checkpointMinutes > 0 && System.nanoTime() - lastCheckpoint > opt.checkpointMinutes * 60e9)) {
                saveCheckpoint(model, st, optimizer, state);
                lastCheckpoint = System.nanoTime();
            }
            double tps = stepTokens / (stepNanos / 1e9);
            double done = Math.min(1.0, (double) st.tokens / totalTokensPlanned);
            double eta = (totalTokensPlanned - st.tokens) / tps;
            if (budgetMillis > 0) {
                done = Math.max(done, Math.min(1.0, (double) st.totalMillis / budgetMillis));
                eta = Math.min(eta, (budgetMillis - st.totalMillis) / 1000.0);
            }
            progress.update(done, st.epoch, tps, st.intervalCount == 0 ? st.lastLoss : st.intervalLoss / st.intervalCount, st.lr, eta);
        }
        if (st.finished && valid != null && st.lastEvalStep != st.step) {
            evaluateAndLog(model, st, optimizer, state, true);
        }
        if (valid == null) {
            writeModel(model, st);
        }
        st.totalMillis = baseTotal + (System.nanoTime() - startNanos) / 1_000_000;
        saveCheckpoint(model, st, optimizer, state);
        rewriteMetrics(st);
        if (stepNanos > 0) {
            progress.message(String.format(Locale.ROOT, "training: %d steps, %d tokens this session, %.0f tokens/s (training steps only; %.0f tokens per CPU second of the training thread)",
                    st.step, stepTokens, stepTokens / (stepNanos / 1e9), stepCpuNanos > 0 ? stepTokens / (stepCpuNanos / 1e9) : Double.NaN));
        }
    }

    private Map<String, String> info(TrainingState st) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("reset_at_sentence_start", "" + opt.resetAtSentenceStart);
        m.put("output", opt.sampledOutput() ? "sampled" : "softmax");   // rescoring's --normalize-probs default
        for (Map.Entry<String, String> e : opt.toMap().entrySet()) m.put("train." + e.getKey(), e.getValue());
        m.put("train.steps", "" + st.step);
        m.put("train.tokens", "" + st.tokens);
        if (st.bestValid != Double.POSITIVE_INFINITY) m.put("valid_ppl", String.format(Locale.ROOT, "%.3f", Math.exp(st.bestValid)));
        return m;
    }

    private void saveCheckpoint(MogrifierLM model, TrainingState st, Optimizer optimizer, State state) throws IOException {
        Checkpoint.save(checkpointPath(), model, vocab, opt, st, optimizer, state, hook == null ? Map.of() : hook.checkpointSections());
    }

    /** Writes OUT/final.mlm, with the hook's extra sections. */
    private void writeModel(MogrifierLM model, TrainingState st) throws IOException {
        Map<String, byte[]> extra = hook == null ? Map.of() : hook.sections();   // before the tensors are read
        moglm.modelfile.SectionFile.Writer w = ModelFile.streamingWriter(ModelFile.CODEC, model, vocab, info(st));
        for (Map.Entry<String, byte[]> e : extra.entrySet()) w.bytes(e.getKey(), e.getValue());
        w.write(modelPath());
    }

    /** Evaluates on the validation text (if any), logs a metrics line, updates lr and the best model. */
    private void evaluateAndLog(MogrifierLM model, TrainingState st, Optimizer optimizer, State state, boolean last) throws IOException {
        double trainLoss = st.intervalCount == 0 ? Double.NaN : st.intervalLoss / st.intervalCount;
        Double validLoss = null;
        if (valid != null) {
            Evaluator.Result r = Evaluator.evaluate(model, valid, opt.evalBatch, opt.bptt, opt.resetAtSentenceStart);
            validLoss = r.meanLoss();
        }
        double tps = st.trainMillis == 0 ? 0 : st.tokens / (st.trainMillis / 1000.0);
        JsonLine j = new JsonLine().put("epoch", st.epoch).put("step", st.step).put("tokens", st.tokens)
                .put("elapsed_s", st.totalMillis / 1000.0, "%.1f").put("train_s", st.trainMillis / 1000.0, "%.1f")
                .put("lr", st.lr);
        // a diverged run's NaN / infinite losses are logged as null (JSON has no NaN)
        if (st.intervalCount > 0) j.put("train_loss", trainLoss, "%.5f").put("train_ppl", Math.exp(trainLoss), "%.3f");
        if (validLoss != null) j.put("valid_loss", validLoss, "%.5f").put("valid_ppl", Math.exp(validLoss), "%.3f");
        j.put("tokens_per_s", tps, "%.0f");
        st.metrics.add(j.toString());
        st.lastEvalStep = st.step;
        st.intervalLoss = 0;
        st.intervalCount = 0;
        progress.message(String.format(Locale.ROOT, "epoch %d step %d tokens %d: train ppl %.2f%s lr %.3g",
                st.epoch + (st.chunk == 0 ? 0 : 1), st.step, st.tokens, Math.exp(trainLoss),
                validLoss == null ? "" : String.format(Locale.ROOT, " valid ppl %.2f", Math.exp(validLoss)), st.lr));
        if (validLoss != null) {
            if (validLoss < st.bestValid) {
                st.bestValid = validLoss;
                st.badEvals = 0;
                writeModel(model, st);
            } else if (!last && opt.lrSchedule.equals("plateau") && ++st.badEvals > opt.lrPatience) {
                double newLr = Math.max(opt.minLr, st.lr * opt.lrDecay);
                if (newLr < st.lr) progress.message(String.format(Locale.ROOT, "validation did not improve: lr %.3g -> %.3g", st.lr, newLr));
                st.lr = newLr;
                st.badEvals = 0;
            }
        }
        rewriteMetrics(st);
    }

    /** Writes metrics.jsonl and ppl.png from the metrics so far. */
    private void rewriteMetrics(TrainingState st) throws IOException {
        AtomicFile.write(metricsPath(), (String.join("\n", st.metrics) + (st.metrics.isEmpty() ? "" : "\n")).getBytes(StandardCharsets.UTF_8));
        List<Double> tx = new ArrayList<>(), ty = new ArrayList<>(), vx = new ArrayList<>(), vy = new ArrayList<>();
        for (String line : st.metrics) {
            Double tok = jsonNumber(line, "tokens");
            Double tp = jsonNumber(line, "train_ppl");
            Double vp = jsonNumber(line, "valid_ppl");
            if (tok == null) continue;
            if (tp != null) { tx.add(tok); ty.add(tp); }
            if (vp != null) { vx.add(tok); vy.add(vp); }
        }
        try {
            PerplexityPlot.write(plotPath(), "moglm training: r=" + opt.rounds + " " + opt.layers + "x" + opt.hiddenSize, tx, ty, vx, vy);
        } catch (RuntimeException | Error e) {
            progress.message("warning: could not draw " + plotPath() + ": " + e);
        }
    }

    /** The number after {@code "key":} in a flat JSON line, or null. */
    static Double jsonNumber(String line, String key) {
        String k = "\"" + key + "\":";
        int i = line.indexOf(k);
        if (i < 0) return null;
        int s = i + k.length(), e = s;
        while (e < line.length() && ",}".indexOf(line.charAt(e)) < 0) e++;
        try {
            return Double.parseDouble(line.substring(s, e));
        } catch (NumberFormatException ex) {
            return null;
        }
    }
}

package moglm.l0;

import java.util.Random;
import moglm.model.MogrifierLM;
import moglm.model.State;

/** Helpers shared by the L0 tests. */
final class TinyL0 {
    private TinyL0() {}

    static int[] words(int n, int vocab, long seed) {
        Random r = new Random(seed);
        int[] w = new int[n];
        for (int i = 0; i < n; i++) w[i] = r.nextInt(vocab);
        return w;
    }

    static double loss(MogrifierLM m, int[] in, int[] tgt, int T, int B) {
        try (State s = m.newState(B)) {
            s.zero();
            m.forward(in, T, B, s, null, false);
            return m.loss(tgt, 1.0, null, 0.0, 1.0).loss();
        }
    }

    static float[] logProbs(MogrifierLM m, int[] in, int T, int B) {
        try (State s = m.newState(B)) {
            s.zero();
            m.forward(in, T, B, s, null, false);
            float[] lp = new float[T * B * m.config().vocabSize()];
            m.logProbs(lp);
            return lp;
        }
    }

    /** Parameters uniform(-0.6, 0.6): hidden outputs far from 0. */
    static void randomize(MogrifierLM m, long seed) {
        Random r = new Random(seed);
        for (var p : m.params()) {
            double[] v = new double[(int) p.size()];
            for (int i = 0; i < v.length; i++) v[i] = 1.2 * r.nextDouble() - 0.6;
            m.setParamD(p.name(), v);
        }
    }

    /** The short runs' data: the first 120 sentences of the bundled LJSpeech text, batch 4 x 10. */
    private record Sample(int vocabSize, moglm.train.StreamBatcher batcher) {
        static Sample load() throws java.io.IOException {
            java.nio.file.Path text = java.nio.file.Path.of("tests/moglm/train/data/ljspeech_lm_400.txt");
            java.util.List<String> lines = java.nio.file.Files.readAllLines(text).subList(0, 120);
            moglm.train.VocabularyBuilder vb = new moglm.train.VocabularyBuilder();
            for (String l : lines) vb.addLine(l, moglm.train.TextFormat.PLAIN);
            moglm.model.Vocabulary vocab = vb.build(150, "<unk>");
            moglm.train.Corpus corpus = moglm.train.Corpus.read(new java.io.BufferedReader(new java.io.StringReader(String.join("\n", lines))),
                    vocab, moglm.train.TextFormat.PLAIN, "ljspeech sample");
            return new Sample(vocab.size(), new moglm.train.StreamBatcher(corpus, 4, 10));
        }
    }

    /** {@code steps} L0 steps over the sample's chunks: Adam 0.003 on the weights, gradient clipping 1. */
    private static void train(MogrifierLM m, L0Training t, moglm.train.StreamBatcher batcher, int steps) {
        int n = (int) m.numParams();
        moglm.train.optim.Optimizer opt = moglm.train.optim.OptimizerFactory.create("adam", n, 0, 0, 0.9, 0.999, 1e-8);
        float[] p = new float[n], g = new float[n];
        Random rng = new Random(7);
        for (int step = 0; step < steps; step++) {
            int k = step % batcher.numChunks();
            if (k == 0) t.resetStates();
            moglm.train.Chunk ch = batcher.chunk(k);
            m.zeroGrads();
            t.run(step, ch.inputs(), ch.targets(), ch.steps(), ch.batch(), ch.resetRows(), null, rng, 1.0 / ch.targetCount());
            m.getGrads(g);
            moglm.train.optim.GradientClipping.clip(g, 1.0);
            m.getParams(p);
            opt.step(p, g, 0.003);
            m.setParams(p);
        }
    }

    /**
     * Trainer-like L0 run on the first 120 sentences of the bundled LJSpeech text (2 x 32 units,
     * 2 rounds, tied, batch 4 x 10 steps, Adam 0.003 on the weights, gradient clipping 1; the
     * target lowered over the first half): returns {expected size, exported size, target units,
     * expected kept units of each layer} after {@code steps} steps.
     */
    static double[] shortRun(double target, int steps, double lambda2Init) throws java.io.IOException {
        Sample sample = Sample.load();
        moglm.train.StreamBatcher batcher = sample.batcher();
        moglm.model.ModelConfig c = new moglm.model.ModelConfig(sample.vocabSize(), 32, 32, 2, 2, 0, true);
        try (MogrifierLM m = new MogrifierLM(c, moglm.model.Precision.FLOAT)) {
            m.initRandom(1);
            UnitGates gates = new UnitGates(c, 3);
            L0Options o = new L0Options(target, steps / 2, 0.1, 0.5, 3, 0, 1, 0, lambda2Init);
            try (L0Training t = new L0Training(m, gates, o)) {
                train(m, t, batcher, steps);
                double[] keep = new double[c.layers()];
                java.util.Arrays.fill(keep, gates.deterministicKeep());
                double[] kept = gates.expectedKept();
                double[] out = new double[3 + kept.length];
                out[0] = t.expectedSize();
                out[1] = L0Size.params(c, keep) / m.numParams();
                out[2] = L0Size.unitsFor(c, target);
                System.arraycopy(kept, 0, out, 3, kept.length);
                System.out.printf(java.util.Locale.ROOT, "L0 short run, target %.2f, lambda2 init %.0f: expected size %.4f, export %.4f,"
                        + " target units %.2f, expected kept %s%n", target, lambda2Init, out[0], out[1], out[2], java.util.Arrays.toString(kept));
                return out;
            }
        }
    }

    /**
     * {@link #shortRun}'s run with gates on {@code structures} (one total-size constraint):
     * returns {expected size, size of the deterministic model (non-zero parameters / dense)}.
     */
    static double[] shortRunStructures(double target, int steps, java.util.Set<Structure> structures) throws java.io.IOException {
        Sample sample = Sample.load();
        moglm.train.StreamBatcher batcher = sample.batcher();
        moglm.model.ModelConfig c = new moglm.model.ModelConfig(sample.vocabSize(), 32, 32, 2, 2, 0, true);
        try (MogrifierLM m = new MogrifierLM(c, moglm.model.Precision.FLOAT)) {
            m.initRandom(1);
            int n = (int) m.numParams();
            StructureGates gates = new StructureGates(c, structures, 3);
            L0Options o = new L0Options(target, steps / 2, 0.1, 0.5, 3, 0, 1, 0, L0Options.DEFAULT_LAMBDA2_INIT, structures);
            try (L0Training t = new L0Training(m, gates, o)) {
                train(m, t, batcher, steps);
                double[] f = gates.flat(gates.deterministic());
                for (int i = 0; i < f.length; i++) f[i] = f[i] != 0 ? 1 : 0;
                double[] out = {t.expectedSize(), new ExpectedSize(gates.map()).value(f, null) / n};
                System.out.printf(java.util.Locale.ROOT, "L0 short run on %s, target %.2f: expected size %.4f, deterministic %.4f,"
                        + " expected open gates per group %s%n", Structure.format(structures), target, out[0], out[1],
                        java.util.Arrays.toString(gates.expectedKept()));
                return out;
            }
        }
    }
}

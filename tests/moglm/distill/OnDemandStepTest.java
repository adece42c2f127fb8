package moglm.distill;

import static org.junit.jupiter.api.Assertions.*;

import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import moglm.model.State;
import moglm.level.LevelMasks;
import moglm.level.ModelMasks;
import moglm.prune.PruneOptions;
import moglm.level.SparsityLevels;
import org.bytedeco.javacpp.DoublePointer;
import org.junit.jupiter.api.Test;

/**
 * The summed on-demand loss with online distillation, checked twice on a tiny double model:
 * its value against a plain-Java evaluation of
 * L = CE(dense) + sum_s [a T^2 KL(p_dense^T || p_s^T) + (1 - a) CE(s)] from the logits, and its
 * gradient against central differences of that L with the teacher's logits held fixed (the
 * teacher is a copy: no gradient flows through it); and the same with layer-wise hidden-state
 * distillation added.
 */
class OnDemandStepTest {
    static final ModelConfig C = new ModelConfig(9, 4, 4, 1, 2, 0, true);
    /** Two layers, so that the layer-wise term has more than one layer. */
    static final ModelConfig C2 = new ModelConfig(9, 4, 4, 2, 2, 0, true);
    static final int T = 3, B = 2;
    static final double ALPHA = 0.6, TEMP = 2.0;

    @Test void summedDistillationLossAndGradientMatchReference() {
        check(C, 0);
    }

    /** The same with layer-wise distillation: + W sum_s sum_l sum_p (1/H) sum_j (h_s - h_dense)^2, h_dense fixed. */
    @Test void withHiddenDistillationLossAndGradientMatchReference() {
        check(C2, 100);   // large W: small random weights give hidden outputs close to the dense ones
    }

    private static void check(ModelConfig c, double hiddenWeight) {
        int[] in = words(T * B, 1), tgt = words(T * B, 2);
        try (MogrifierLM m = new MogrifierLM(c, Precision.DOUBLE)) {
            m.initRandom(4);
            SparsityLevels lv = SparsityLevels.parse("0.3,0.6");
            LevelMasks masks = PruneOptions.defaults(lv).build(lv.toArray(), ModelMasks.tensors(m),
                    ModelMasks.architecture(c), ModelMasks.magnitude(m));
            DistillOptions kd = new DistillOptions(DistillOptions.Mode.ONLINE, ALPHA, TEMP, hiddenWeight);
            double stepLoss;
            double[] grad;
            m.zeroGrads();
            try (OnDemandStep step = new OnDemandStep(m, masks, SubnetSelection.parse("all"), kd, null)) {
                OnDemandStep.Result r = step.run(in, tgt, T, B, null, null, new java.util.Random(1), 1.0);
                stepLoss = r.denseLoss() + r.levelLoss()[0] + r.levelLoss()[1];
            }
            grad = moglm.testutil.TinyModels.gradsD(m);

            double[] teacher = logits(m, masks, SparsityLevels.DENSE, in);
            double[][] teacherHidden = hidden(m, masks, SparsityLevels.DENSE, in);
            double ref = reference(m, masks, in, tgt, teacher, teacherHidden, hiddenWeight);
            assertEquals(ref, stepLoss, 1e-9 * Math.abs(stepLoss));
            if (hiddenWeight > 0) {
                double without = reference(m, masks, in, tgt, teacher, teacherHidden, 0);
                assertTrue(ref - without > 1e-2, "the hidden term contributes: " + (ref - without));
            }

            double[] w0 = moglm.testutil.TinyModels.paramsD(m);
            double eps = 1e-6;
            int checked = 0;
            for (int i = 0; i < w0.length; i += 2) {
                double[] w = w0.clone();
                w[i] = w0[i] + eps;
                moglm.testutil.TinyModels.setParamsD(m, w);
                double up = reference(m, masks, in, tgt, teacher, teacherHidden, hiddenWeight);
                w[i] = w0[i] - eps;
                moglm.testutil.TinyModels.setParamsD(m, w);
                double down = reference(m, masks, in, tgt, teacher, teacherHidden, hiddenWeight);
                double fd = (up - down) / (2 * eps);
                assertEquals(fd, grad[i], 1e-6 + 1e-5 * Math.abs(fd), "parameter " + i);
                if (Math.abs(fd) > 1e-6) checked++;
            }
            assertTrue(checked > w0.length / 4);
        }
    }

    /** Plain-Java L from the logits (and hidden outputs) of the dense network and each level, teacher fixed. */
    static double reference(MogrifierLM m, LevelMasks masks, int[] in, int[] tgt, double[] teacher, double[][] teacherHidden,
                            double hiddenWeight) {
        int V = m.config().vocabSize(), H = m.config().hiddenSize();
        double total = ce(logits(m, masks, SparsityLevels.DENSE, in), tgt, V);
        for (int k = 0; k < masks.levels().size(); k++) {
            double[] z = logits(m, masks, k, in);
            if (hiddenWeight > 0) {
                double[][] h = hidden(m, masks, k, in);
                for (int l = 0; l < h.length; l++)
                    for (int i = 0; i < h[l].length; i++) total += hiddenWeight * Math.pow(h[l][i] - teacherHidden[l][i], 2) / H;
            }
            double kl = 0;
            for (int r = 0; r < T * B; r++) {
                double[] pt = softmax(teacher, r, V, TEMP), ps = softmax(z, r, V, TEMP);
                for (int v = 0; v < V; v++) kl += pt[v] * (Math.log(pt[v]) - Math.log(ps[v]));
            }
            total += ALPHA * TEMP * TEMP * kl + (1 - ALPHA) * ce(z, tgt, V);
        }
        return total;
    }

    static double ce(double[] z, int[] tgt, int V) {
        double s = 0;
        for (int r = 0; r < tgt.length; r++) s -= Math.log(softmax(z, r, V, 1)[tgt[r]]);
        return s;
    }

    static double[] softmax(double[] z, int row, int V, double temp) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < V; v++) max = Math.max(max, z[row * V + v] / temp);
        double[] p = new double[V];
        double sum = 0;
        for (int v = 0; v < V; v++) sum += p[v] = Math.exp(z[row * V + v] / temp - max);
        for (int v = 0; v < V; v++) p[v] /= sum;
        return p;
    }

    /** Every layer's hidden outputs of level k (no dropout, zero state). */
    static double[][] hidden(MogrifierLM m, LevelMasks masks, int k, int[] in) {
        ModelMasks.select(m, masks, k);
        try (State s = m.newState(B)) {
            s.zero();
            m.forward(in, T, B, s, null, false);
            double[][] h = new double[m.config().layers()][T * B * m.config().hiddenSize()];
            for (int l = 0; l < h.length; l++) m.copyHidden(l, h[l]);
            return h;
        } finally {
            m.clearMasks();
        }
    }

    static double[] logits(MogrifierLM m, LevelMasks masks, int k, int[] in) {
        ModelMasks.select(m, masks, k);
        try (State s = m.newState(B)) {
            s.zero();
            m.forward(in, T, B, s, null, false);
            double[] z = new double[T * B * m.config().vocabSize()];
            try (DoublePointer p = new DoublePointer(z.length)) {
                m.copyLogits(p);
                p.get(z);
            }
            return z;
        } finally {
            m.clearMasks();
        }
    }

    static int[] words(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        int[] w = new int[n];
        for (int i = 0; i < n; i++) w[i] = r.nextInt(C.vocabSize());
        return w;
    }
}

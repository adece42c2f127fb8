package moglm.distill;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import moglm.model.State;
import org.junit.jupiter.api.Test;

/**
 * {@link HiddenDistillation}: E against a plain evaluation of
 * {@code W scale sum_l sum_{p: target != -1} (1/H) sum_j (h - t)^2}, and the gradient it attaches
 * (the only loss term: ceWeight 0) against central differences of that E with the teacher fixed.
 */
class HiddenDistillationTest {
    static final ModelConfig C = new ModelConfig(9, 5, 6, 2, 3, 0, false);
    static final int T = 4, B = 2;
    static final double W = 3.0, SCALE = 0.25;

    @Test void valueAndGradientMatchReference() {
        Random rng = new Random(3);
        int[] in = new int[T * B], tgt = new int[T * B];
        for (int i = 0; i < in.length; i++) {
            in[i] = rng.nextInt(C.vocabSize());
            tgt[i] = rng.nextInt(C.vocabSize());
        }
        tgt[1] = -1;
        tgt[6] = -1;
        try (MogrifierLM student = new MogrifierLM(C, Precision.DOUBLE); MogrifierLM teacher = new MogrifierLM(C, Precision.DOUBLE);
             State s = student.newState(B); State ts = teacher.newState(B)) {
            randomize(student, 1);
            randomize(teacher, 2);
            ts.zero();
            teacher.forward(in, T, B, ts, null, false);
            HiddenDistillation hd = new HiddenDistillation(W);
            hd.captureTeacher(teacher);
            double[][] t = new double[C.layers()][T * B * C.hiddenSize()];
            for (int l = 0; l < t.length; l++) teacher.copyHidden(l, t[l]);

            s.zero();
            student.zeroGrads();
            student.forward(in, T, B, s, null, true);
            double e = hd.attach(student, tgt, SCALE);
            student.loss(tgt, 0.0, null, 0.0, 1.0);
            student.backward(null);
            assertEquals(reference(student, in, tgt, t), e, 1e-12 * e);
            assertTrue(e > 1e-2, "the teacher differs from the student: E = " + e);

            String name = "layer0.lstm.weight";
            double[] w0 = student.getParamD(name), g = student.getGradD(name);
            double eps = 1e-6;
            for (int i = 0; i < w0.length; i += 7) {
                double[] w = w0.clone();
                w[i] = w0[i] + eps;
                student.setParamD(name, w);
                double up = reference(student, in, tgt, t);
                w[i] = w0[i] - eps;
                student.setParamD(name, w);
                double down = reference(student, in, tgt, t);
                double fd = (up - down) / (2 * eps);
                assertEquals(fd, g[i], 1e-8 + 1e-5 * Math.abs(fd), name + "[" + i + "]");
            }
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

    /** Plain E of the student's forward from a zero state against fixed teacher outputs t. */
    static double reference(MogrifierLM m, int[] in, int[] tgt, double[][] t) {
        int H = m.config().hiddenSize();
        try (State s = m.newState(B)) {
            s.zero();
            m.forward(in, T, B, s, null, false);
            double sum = 0;
            double[] h = new double[T * B * H];
            for (int l = 0; l < t.length; l++) {
                m.copyHidden(l, h);
                for (int p = 0; p < T * B; p++) {
                    if (tgt[p] < 0) continue;
                    for (int j = 0; j < H; j++) sum += Math.pow(h[p * H + j] - t[l][p * H + j], 2) / H;
                }
            }
            return W * SCALE * sum;
        }
    }

    @Test void refusesMismatchedShapesAndMissingTeacher() {
        try (MogrifierLM a = new MogrifierLM(C, Precision.FLOAT); State s = a.newState(B)) {
            a.initRandom(1);
            s.zero();
            a.forward(new int[T * B], T, B, s, null, true);
            HiddenDistillation hd = new HiddenDistillation(1);
            assertThrows(IllegalStateException.class, () -> hd.attach(a, null, 1));
            hd.captureTeacher(a);
            try (State s1 = a.newState(1)) {
                s1.zero();
                a.forward(new int[T], T, 1, s1, null, true);
                assertThrows(IllegalArgumentException.class, () -> hd.attach(a, null, 1), "other batch size");
            }
            assertThrows(IllegalArgumentException.class, () -> new HiddenDistillation(0));
            assertThrows(IllegalArgumentException.class, () -> new HiddenDistillation(Double.NaN));
        }
    }
}

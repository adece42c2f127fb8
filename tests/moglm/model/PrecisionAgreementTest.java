package moglm.model;

import moglm.testutil.TinyModels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The float path (AVX2 exp, float GEMMs) against the double path on the same parameters: the loss
 * agrees to 1e-4 relative, with CE and with KD, dropout and masks. Also compares the gradients
 * loosely (the float path must not have a different bug that only shows in the backward).
 */
class PrecisionAgreementTest {

    @ParameterizedTest(name = "r={0} rank={1} kd={2}")
    @CsvSource({"0, 0, false", "5, 0, true", "4, 3, true", "1, 0, false"})
    void floatLossMatchesDouble(int r, int rank, boolean kd) {
        ModelConfig c = new ModelConfig(300, 24, 32, 2, r, rank, false);
        int T = 6, B = 5, n = T * B;
        Random rng = new Random(9);
        try (MogrifierLM d = TinyModels.random(c, Precision.DOUBLE, 3, 0.3);
             MogrifierLM f = new MogrifierLM(c, Precision.FLOAT);
             State sd = d.newState(B); State sf = f.newState(B)) {
            TinyModels.copyParams(d, f);
            int[] in = TinyModels.words(rng, n, c.vocabSize()), tg = TinyModels.words(rng, n, c.vocabSize());
            double[][] s0 = TinyModels.stateValues(rng, c, B, 0.5);
            TinyModels.load(sd, s0);
            TinyModels.load(sf, s0);
            Dropout drop = TinyModels.dropout(c, B, rng);
            float[] elem = new float[(int) d.numParams()];
            for (int i = 0; i < elem.length; i++) elem[i] = rng.nextInt(4) == 0 ? 0f : 1f;
            d.setElementMask(elem);
            f.setElementMask(elem);
            DoublePointer td = new DoublePointer((long) n * c.vocabSize());
            FloatPointer tf = new FloatPointer((long) n * c.vocabSize());
            for (int i = 0; i < n * c.vocabSize(); i++) {
                double v = 2 * rng.nextGaussian();
                td.put(i, v);
                tf.put(i, (float) v);
            }
            double kdw = kd ? 0.5 : 0;
            d.forward(in, T, B, sd, drop, true);
            f.forward(in, T, B, sf, drop, true);
            MogrifierLM.LossResult ld = d.loss(tg, 1, kd ? td : null, kdw, 2.0);
            MogrifierLM.LossResult lf = f.loss(tg, 1, kd ? tf : null, kdw, 2.0);
            double relLoss = Math.abs(ld.loss() - lf.loss()) / Math.abs(ld.loss());
            d.zeroGrads();
            f.zeroGrads();
            d.backward(null);
            f.backward(null);
            float[] gd = new float[(int) d.numParams()], gf = new float[gd.length];
            d.getGrads(gd);
            f.getGrads(gf);
            double num = 0, den = 0;
            for (int i = 0; i < gd.length; i++) {
                num += (gd[i] - gf[i]) * (double) (gd[i] - gf[i]);
                den += gd[i] * (double) gd[i];
            }
            double relGrad = Math.sqrt(num / den);
            System.out.printf("float vs double r=%d rank=%d kd=%s: loss %.6f vs %.6f, rel %.2e; gradient rel L2 %.2e%n",
                    r, rank, kd, ld.loss(), lf.loss(), relLoss, relGrad);
            assertTrue(relLoss <= 1e-4, "loss rel diff " + relLoss);
            assertTrue(relGrad <= 1e-3, "gradient rel L2 diff " + relGrad);
            td.deallocate();
            tf.deallocate();
        }
    }
}

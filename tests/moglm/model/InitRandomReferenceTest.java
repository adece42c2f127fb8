package moglm.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link MogrifierLM#initRandom}, which writes tensor by tensor in chunks, gives bit for bit the
 * values of the plain definition in its comment (one SplittableRandom over the tensors in order,
 * drawn in double, one array of all parameters, then rounded to the model's precision), for dense,
 * low-rank and factored models in both precisions.
 */
class InitRandomReferenceTest {
    private static double[] reference(MogrifierLM m, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] all = new double[(int) m.numParams()];
        int H = m.config().hiddenSize();
        for (ParamSpec s : m.params()) {
            String n = s.name();
            int off = (int) s.offset(), size = (int) s.size();
            double a;
            if (n.equals(TensorNames.EMBED) || n.equals(TensorNames.OUT_WEIGHT)) a = 0.1;
            else if (n.endsWith("lstm.weight")) a = 1 / Math.sqrt(H);
            else if (n.endsWith(".weight") || n.endsWith(".right") || n.endsWith(".left")) a = 1 / Math.sqrt(s.cols());
            else a = 0;
            for (int i = 0; i < size; i++) all[off + i] = a == 0 ? 0 : (2 * rng.nextDouble() - 1) * a;
            if (n.endsWith("lstm.bias")) for (int i = H; i < 2 * H; i++) all[off + i] = 1;
        }
        return all;
    }

    @ParameterizedTest
    @CsvSource({"3000,16,16,1,3,0,0,0,true,FLOAT", "3000,16,16,1,3,0,0,0,true,DOUBLE", "500,12,10,2,4,3,5,0,false,FLOAT",
                "800,16,16,2,0,0,6,4,true,FLOAT", "800,16,16,1,2,2,0,4,false,DOUBLE"})
    void chunkedInitEqualsTheDefinition(int v, int e, int h, int layers, int rounds, int rank, int lstmRank, int embedRank,
                                        boolean tied, Precision precision) {
        ModelConfig c = new ModelConfig(v, e, h, layers, rounds, rank, lstmRank, embedRank, tied);
        try (MogrifierLM m = new MogrifierLM(c, precision)) {
            m.setParams(filled((int) m.numParams()));   // initRandom must overwrite everything, zeros included
            m.initRandom(42);
            double[] want = reference(m, 42);
            for (ParamSpec s : m.params()) {
                double[] got = m.getParamD(s.name());
                for (int i = 0; i < got.length; i++) {
                    double w = want[(int) s.offset() + i];
                    if (precision == Precision.FLOAT) w = (float) w;
                    assertEquals(w, got[i], 0.0, s.name() + "[" + i + "]");
                }
            }
        }
    }

    private static float[] filled(int n) {
        float[] f = new float[n];
        java.util.Arrays.fill(f, 0.5f);
        return f;
    }
}

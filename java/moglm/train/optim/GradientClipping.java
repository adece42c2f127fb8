package moglm.train.optim;

/** Global gradient-norm clipping: if ||g||_2 > maxNorm, g *= maxNorm / ||g||_2 (norm summed in double). */
public final class GradientClipping {
    private GradientClipping() {}

    /** Clips in place (maxNorm &lt;= 0 disables) and returns the norm BEFORE clipping. */
    public static double clip(float[] g, double maxNorm) {
        double sq = 0;
        for (float x : g) sq += (double) x * x;
        double norm = Math.sqrt(sq);
        if (maxNorm > 0 && norm > maxNorm) {
            float s = (float) (maxNorm / norm);
            for (int i = 0; i < g.length; i++) g[i] *= s;
        }
        return norm;
    }
}

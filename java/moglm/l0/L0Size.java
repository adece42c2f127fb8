package moglm.l0;

import moglm.model.ModelConfig;

/**
 * Parameter count of a Mogrifier LM whose layer l keeps {@code n[l]} hidden units (real-valued,
 * so that the expected count under the gates, E[params] ~ params(E[n]), is differentiable).
 * Exact for integer n equal in every layer: it is then the exported model's
 * {@code numParams()} (tested). Layout as in {@link moglm.model.MogrifierLM}: embedding V x E
 * (E = n[top] when tied); per layer LSTM 4n(in + n) + 4n, per round Q (in x n) or R (n x in),
 * or rank k factors k(in + n), plus a bias over its output; output layer V n[top] (absent when
 * tied) + V.
 */
public final class L0Size {
    private L0Size() {}

    /** params(n) for the architecture of c. */
    public static double params(ModelConfig c, double[] n) {
        int layers = c.layers();
        double top = n[layers - 1];
        double embed = c.tied() ? top : c.embedSize();
        double v = c.vocabSize();
        double p = v * embed + v;
        if (!c.tied()) p += v * top;
        for (int l = 0; l < layers; l++) {
            double in = l == 0 ? embed : n[l - 1];
            double h = n[l];
            p += 4 * h * (in + h) + 4 * h;
            for (int i = 1; i <= c.rounds(); i++) {
                p += c.rank() == 0 ? in * h : c.rank() * (in + h);
                p += i % 2 == 1 ? in : h;
            }
        }
        return p;
    }

    /**
     * The (real) number of units n, the same in every layer, whose model has {@code fraction} of
     * the parameters of c's: params(n, ..., n) = fraction * params(H, ..., H), by bisection
     * (params grows with n). fraction in (0, 1]; the result is in [0, H].
     */
    public static double unitsFor(ModelConfig c, double fraction) {
        int layers = c.layers(), h = c.hiddenSize();
        double[] n = new double[layers];
        java.util.Arrays.fill(n, h);
        double want = fraction * params(c, n);
        double lo = 0, hi = h;
        for (int it = 0; it < 100 && hi - lo > 1e-12 * h; it++) {
            double mid = 0.5 * (lo + hi);
            java.util.Arrays.fill(n, mid);
            if (params(c, n) < want) lo = mid;
            else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /** d params / d n[l] for every l (central differences of a quadratic: exact up to rounding). */
    public static double[] gradient(ModelConfig c, double[] n) {
        double[] g = new double[n.length];
        double[] x = n.clone();
        for (int l = 0; l < n.length; l++) {
            x[l] = n[l] + 0.5;
            double up = params(c, x);
            x[l] = n[l] - 0.5;
            double down = params(c, x);
            x[l] = n[l];
            g[l] = up - down;
        }
        return g;
    }
}

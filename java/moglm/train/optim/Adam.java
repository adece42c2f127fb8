package moglm.train.optim;

/**
 * Adam (Kingma &amp; Ba 2015) with bias correction:
 * {@code m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2;
 *  p -= lr * (m/(1-b1^t)) / (sqrt(v/(1-b2^t)) + eps)}.
 * Weight decay is either coupled (L2 added to g, as in Adam) or decoupled (AdamW, Loshchilov &amp;
 * Hutter 2019: {@code p -= lr*wd*p} before the Adam step).
 */
public final class Adam extends Optimizer {
    private final double beta1, beta2, eps;
    private final boolean decoupled;
    private final float[] m, v;

    public Adam(int numParams, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        super(numParams, weightDecay);
        if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1) {
            throw new IllegalArgumentException("Adam betas must be in [0,1), got " + beta1 + ", " + beta2);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.decoupled = decoupled;
        this.m = slot("m");
        this.v = slot("v");
    }

    @Override protected void update(float[] p, float[] g, double lr, int from, int to, int d) {
        if (decoupled) {
            if (weightDecay != 0) {
                float shrink = (float) (1 - lr * weightDecay);
                for (int i = from + d; i < to + d; i++) p[i] *= shrink;
            }
        } else {
            addL2(p, g, from, to, d);
        }
        float b1 = (float) beta1, b2 = (float) beta2, c1 = 1 - b1, c2 = 1 - b2;
        double bc1 = 1 - Math.pow(beta1, t), bc2 = 1 - Math.pow(beta2, t);
        float stepSize = (float) (lr / bc1);
        float invSqrtBc2 = (float) (1 / Math.sqrt(bc2));
        float e = (float) eps;
        if (d == 0) {   // the dense step over all parameters: plain indices, the loop the JIT compiles best
            for (int i = from; i < to; i++) {
                float gi = g[i];
                float mi = b1 * m[i] + c1 * gi;
                float vi = b2 * v[i] + c2 * gi * gi;
                m[i] = mi;
                v[i] = vi;
                p[i] -= stepSize * mi / ((float) Math.sqrt(vi) * invSqrtBc2 + e);
            }
            return;
        }
        for (int i = from; i < to; i++) {   // the same arithmetic on packed p and g
            float gi = g[i + d];
            float mi = b1 * m[i] + c1 * gi;
            float vi = b2 * v[i] + c2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            p[i + d] -= stepSize * mi / ((float) Math.sqrt(vi) * invSqrtBc2 + e);
        }
    }

    @Override public String name() { return decoupled ? "adamw" : "adam"; }
}

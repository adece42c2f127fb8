package moglm.train.optim;

/**
 * RMSProp (Tieleman &amp; Hinton 2012): {@code g += wd*p; s = a*s + (1-a)*g^2; p -= lr*g/(sqrt(s)+eps)}.
 */
public final class RmsProp extends Optimizer {
    private final float alpha, eps;
    private final float[] s;

    public RmsProp(int numParams, double alpha, double eps, double weightDecay) {
        super(numParams, weightDecay);
        if (alpha < 0 || alpha >= 1) throw new IllegalArgumentException("RMSProp alpha must be in [0,1), got " + alpha);
        this.alpha = (float) alpha;
        this.eps = (float) eps;
        this.s = slot("sq");
    }

    @Override protected void update(float[] p, float[] g, double lr, int from, int to, int d) {
        addL2(p, g, from, to, d);
        float a = alpha, c = 1 - alpha, l = (float) lr;
        for (int i = from; i < to; i++) {
            float gi = g[i + d];
            float si = a * s[i] + c * gi * gi;
            s[i] = si;
            p[i + d] -= l * gi / ((float) Math.sqrt(si) + eps);
        }
    }

    @Override public String name() { return "rmsprop"; }
}

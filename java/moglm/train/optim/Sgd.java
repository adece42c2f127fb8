package moglm.train.optim;

/**
 * Stochastic gradient descent with optional heavy-ball momentum and L2 weight decay:
 * {@code g += wd*p; v = mu*v + g; p -= lr*v} (without momentum {@code p -= lr*g}).
 */
public final class Sgd extends Optimizer {
    private final float mu;
    private final float[] v;

    public Sgd(int numParams, double momentum, double weightDecay) {
        super(numParams, weightDecay);
        if (momentum < 0 || momentum >= 1) throw new IllegalArgumentException("momentum must be in [0,1), got " + momentum);
        this.mu = (float) momentum;
        this.v = momentum > 0 ? slot("velocity") : null;
    }

    @Override protected void update(float[] p, float[] g, double lr, int from, int to, int d) {
        addL2(p, g, from, to, d);
        float a = (float) lr;
        if (v == null) {
            for (int i = from + d; i < to + d; i++) p[i] -= a * g[i];
        } else {
            for (int i = from; i < to; i++) {
                float vi = mu * v[i] + g[i + d];
                v[i] = vi;
                p[i + d] -= a * vi;
            }
        }
    }

    @Override public String name() { return "sgd"; }
}

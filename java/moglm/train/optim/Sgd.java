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

    @Override protected void update(float[] p, float[] g, double lr, int from, int to) {
        addL2(p, g, from, to);
        float a = (float) lr;
        if (v == null) {
            for (int i = from; i < to; i++) p[i] -= a * g[i];
        } else {
            for (int i = from; i < to; i++) {
                float vi = mu * v[i] + g[i];
                v[i] = vi;
                p[i] -= a * vi;
            }
        }
    }

    @Override public String name() { return "sgd"; }
}

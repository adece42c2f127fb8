package moglm.distill;

import moglm.model.MogrifierLM;

/**
 * Layer-wise hidden-state distillation (Jiang et al. 2023, after CoFi, Xia et al. 2022): every
 * layer's hidden output of the pruned (student) network is pulled towards the unpruned (teacher)
 * network's on the same input with a mean squared error,
 * <pre>
 *   E = weight * scale * sum_l sum_{p : target_p != -1} (1/H) sum_j (h_lpj - t_lpj)^2
 * </pre>
 * h_l: the student's layer-l output of its last forward, t_l: the teacher's
 * ({@link MogrifierLM#copyHidden}), p = t*B + b over the positions whose target is not ignored,
 * H the hidden size. With the trainer's {@code scale = 1 / number of targets} this is
 * {@code weight * sum over layers of MSE(h_l, t_l)}, on the scale of the per-token
 * cross-entropy. The teacher side is a constant (no gradient flows into the teacher). The
 * gradient {@code dE/dh_lpj = 2 weight scale (h_lpj - t_lpj) / H} enters the student's backward
 * through {@link MogrifierLM#setHiddenGrad}.
 *
 * <p>Use per step: teacher forward, {@link #captureTeacher}; student forward (train = true),
 * {@link #attach}; then the student's loss() and backward(). Both networks must have the same
 * number of layers and hidden size (a pruned network here keeps the dense shape: removed units
 * are masked, not cut).
 */
public final class HiddenDistillation {
    private final double weight;
    private double[][] teacher = new double[0][];
    private double[] student = new double[0];
    private long length = -1;

    /** @param weight the factor {@code weight} of E (> 0; 0 means: do not use this class) */
    public HiddenDistillation(double weight) {
        if (!(weight > 0) || !Double.isFinite(weight))
            throw new IllegalArgumentException("hidden distillation weight must be > 0 and finite, got " + weight);
        this.weight = weight;
    }

    public double weight() { return weight; }

    /** Copies every layer's hidden output of {@code model}'s last forward as the teacher's t_l. */
    public void captureTeacher(MogrifierLM model) {
        int layers = model.config().layers();
        long n = model.hiddenLength();
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("hidden outputs too large: " + n);
        if (teacher.length != layers || (teacher.length > 0 && teacher[0].length != n)) {
            teacher = new double[layers][(int) n];
        }
        for (int l = 0; l < layers; l++) model.copyHidden(l, teacher[l]);
        length = n;
    }

    /**
     * Computes E for {@code model}'s last forward (train = true) against the captured teacher,
     * attaches dE/dh_l of every layer to it, and returns E. {@code targets}: the step's time-major
     * targets (-1 = ignored position; null = every position counts).
     */
    public double attach(MogrifierLM model, int[] targets, double scale) {
        int layers = model.config().layers(), h = model.config().hiddenSize();
        long n = model.hiddenLength();
        if (length < 0) throw new IllegalStateException("captureTeacher() first");
        if (layers != teacher.length || n != length)
            throw new IllegalArgumentException("student hidden outputs (" + layers + " layers x " + n + ") do not match the teacher's ("
                    + teacher.length + " x " + length + ")");
        int positions = (int) (n / h);
        if (targets != null && targets.length != positions)
            throw new IllegalArgumentException("targets length " + targets.length + " != T*B = " + positions);
        if (student.length != n) student = new double[(int) n];
        double total = 0, c = weight * scale / h;
        for (int l = 0; l < layers; l++) {
            model.copyHidden(l, student);
            double[] t = teacher[l];
            double sum = 0;
            for (int p = 0; p < positions; p++) {
                int base = p * h;
                if (targets != null && targets[p] < 0) {
                    for (int j = 0; j < h; j++) student[base + j] = 0;
                    continue;
                }
                for (int j = 0; j < h; j++) {
                    double d = student[base + j] - t[base + j];
                    sum += d * d;
                    student[base + j] = 2 * c * d;
                }
            }
            total += c * sum;
            model.setHiddenGrad(l, student);
        }
        return total;
    }
}

package moglm.distill;

import java.util.Locale;

/**
 * Knowledge distillation in on-demand training.
 * <ul>
 * <li>{@code none}: every network minimises its own cross-entropy;</li>
 * <li>{@code online}: the dense pass of the same step is the teacher of every sparse level,
 *     L = CE(dense) + sum_s [alpha T^2 KL(p_dense^T || p_s^T) + (1 - alpha) CE(s)], with the dense
 *     logits copied (no gradient flows into the teacher through the KL term);</li>
 * <li>{@code teacher}: a separate fixed model is the teacher of every network, the dense one
 *     included: each run network adds alpha T^2 KL(p_teacher^T || p^T) + (1 - alpha) CE.</li>
 * </ul>
 * With {@code hiddenWeight W > 0} every distilled network also adds W times the mean squared
 * error between its per-layer hidden outputs and the teacher's ({@link HiddenDistillation}):
 * layer-wise distillation (Jiang et al. 2023). The teacher must have the student's layers and
 * hidden size.
 */
public record DistillOptions(Mode mode, double alpha, double temperature, double hiddenWeight) {
    public enum Mode { NONE, ONLINE, TEACHER }

    /** Without hidden-state distillation. */
    public DistillOptions(Mode mode, double alpha, double temperature) {
        this(mode, alpha, temperature, 0);
    }

    public DistillOptions {
        if (!(alpha >= 0 && alpha <= 1)) throw new IllegalArgumentException("--kd-alpha must be in [0, 1], got " + alpha);
        if (!(temperature > 0)) throw new IllegalArgumentException("--kd-temp must be > 0, got " + temperature);
        if (!(hiddenWeight >= 0) || !Double.isFinite(hiddenWeight))
            throw new IllegalArgumentException("--kd-hidden-weight must be >= 0, got " + hiddenWeight);
        if (mode == Mode.NONE && hiddenWeight != 0)
            throw new IllegalArgumentException("--kd-hidden-weight needs a teacher: --distill online or --distill teacher");
    }

    public static DistillOptions none() { return new DistillOptions(Mode.NONE, 0, 1); }

    public static Mode parseMode(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "none", "off" -> Mode.NONE;
            case "online", "inplace", "in-place" -> Mode.ONLINE;
            case "teacher" -> Mode.TEACHER;
            default -> throw new IllegalArgumentException("--distill '" + s + "': expected none, online or teacher");
        };
    }

    /** Weight of the cross-entropy term of a sparse level (1 without distillation). */
    public double ceWeight() { return mode == Mode.NONE ? 1 : 1 - alpha; }

    /** Weight of the KL term of a sparse level (0 without distillation). */
    public double kdWeight() { return mode == Mode.NONE ? 0 : alpha; }
}

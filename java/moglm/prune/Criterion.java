package moglm.prune;

import java.util.Locale;

/** Importance criterion that ranks weights (or units) for pruning. */
public enum Criterion {
    /** |w|: needs only the weights. */
    MAGNITUDE,
    /** sum over batches of |w * dL/dw| (first-order Taylor estimate of the loss change when w is
     *  zeroed), accumulated by {@link TaylorAccumulator}. */
    TAYLOR;

    public static Criterion parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "magnitude", "mag" -> MAGNITUDE;
            case "taylor" -> TAYLOR;
            default -> throw new IllegalArgumentException("unknown criterion '" + s + "' (magnitude or taylor)");
        };
    }
}

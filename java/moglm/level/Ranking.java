package moglm.level;

import java.util.Locale;

/** Scope within which scores are compared. */
public enum Ranking {
    /** Each matrix loses the same fraction of its elements (robust to different weight scales). */
    PER_MATRIX,
    /** All targeted elements compete in one pool (a matrix with small scores loses more). */
    GLOBAL;

    public static Ranking parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "per-matrix", "matrix", "layer", "per-layer" -> PER_MATRIX;
            case "global" -> GLOBAL;
            default -> throw new IllegalArgumentException("unknown ranking '" + s + "' (per-matrix or global)");
        };
    }
}

package moglm.level;

import java.util.Locale;

/**
 * Which network of a model file to run: the dense network, one of its nested sparsity levels, or
 * one of its nested rank levels. Users write a level as one number ({@code --level}); this type
 * is that number parsed once, so code never has to guess what a {@code double} means:
 * <ul>
 *   <li>{@code 0}: {@link Dense}, the full network (for a low-rank model: its full rank);</li>
 *   <li>a fraction in (0, 1), e.g. {@code 0.4}: {@link Sparsity}, the level of the file's nested
 *       masks with that fraction of the weights (or hidden units) removed;</li>
 *   <li>an integer k &gt;= 1, e.g. {@code 8}: {@link Rank}, the first k singular directions of
 *       every factored matrix of a nested low-rank model.</li>
 * </ul>
 * The ranges cannot be confused (a sparsity is below 1, a rank at least 1).
 * {@link LevelLoader} loads a model file at a level.
 */
public sealed interface Level permits Level.Dense, Level.Sparsity, Level.Rank {
    /** The dense (full) network. */
    Dense DENSE = new Dense();

    /** The full network. */
    record Dense() implements Level {
        @Override public String toString() { return "0"; }
    }

    /** A nested sparsity level: {@code fraction} of the prunable weights removed, in (0, 1). */
    record Sparsity(double fraction) implements Level {
        public Sparsity {
            if (!(fraction > 0 && fraction < 1)) throw new IllegalArgumentException("a sparsity level is in (0, 1), got " + fraction);
        }

        @Override public String toString() { return SparsityLevels.format(fraction); }
    }

    /** A nested rank level: every factored matrix capped at rank {@code k} >= 1. */
    record Rank(int k) implements Level {
        public Rank {
            if (k < 1) throw new IllegalArgumentException("a rank level is an integer >= 1, got " + k);
        }

        @Override public String toString() { return Integer.toString(k); }
    }

    /**
     * The level a number names (see the class comment).
     *
     * @throws IllegalArgumentException for a negative number, NaN, or a non-integer >= 1
     */
    static Level of(double value) {
        if (value == 0) return DENSE;
        if (value > 0 && value < 1) return new Sparsity(value);
        if (value >= 1 && value == Math.rint(value) && value <= Integer.MAX_VALUE) return new Rank((int) value);
        throw new IllegalArgumentException("level " + format(value)
                + ": a level is 0 (dense), a sparsity in (0, 1) or an integer rank >= 1");
    }

    /** Parses a level as the user types it ({@code 0}, {@code 0.4}, {@code 8}). */
    static Level parse(String text) {
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("level '" + text + "' is not a number");
        }
        return of(v);
    }

    /** The number the user types for this level (0, the sparsity, or the rank). */
    default double value() {
        if (this instanceof Sparsity s) return s.fraction();
        if (this instanceof Rank r) return r.k();
        return 0;
    }

    /** A level number written as the user types it: {@code 0.4} (sparsity), {@code 8} (rank). */
    static String format(double value) {
        if (value >= 1 && value == Math.rint(value)) return Long.toString((long) value);
        if (value >= 0 && value < 1) return SparsityLevels.format(value);
        return String.format(Locale.ROOT, "%s", value);
    }
}

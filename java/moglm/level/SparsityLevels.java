package moglm.level;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * The on-demand sparsity levels of one model: fractions s in (0, 1) of the prunable weights (or
 * hidden units) removed, sorted ascending, so level index k is denser than level k+1.
 *
 * <p>The dense network (s = 0) is always present and is not a level: level index {@link #DENSE}
 * (-1) selects it. A 0 in the parsed list is accepted and dropped ("0,0.6" = dual mode: a dense
 * server level and a 60%-sparse device level).
 */
public final class SparsityLevels {
    /** Level index that selects the dense network (no mask). */
    public static final int DENSE = -1;

    private final double[] levels;

    /** @param levels fractions in [0, 1); duplicates and 0 are dropped; at least one level must remain */
    public SparsityLevels(double... levels) {
        TreeSet<Double> set = new TreeSet<>();
        for (double s : levels) {
            if (!(s >= 0 && s < 1)) {
                throw new IllegalArgumentException("sparsity level must be in [0, 1), got " + s);
            }
            if (s > 0) set.add(s);
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("need at least one sparsity level > 0, got " + Arrays.toString(levels));
        }
        this.levels = set.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Parses a comma-separated list such as {@code 0.2,0.4,0.6,0.8}. */
    public static SparsityLevels parse(String csv) {
        String[] parts = csv.trim().split("\\s*,\\s*");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--levels: '" + parts[i] + "' is not a number in \"" + csv + "\"");
            }
        }
        return new SparsityLevels(v);
    }

    public int size() { return levels.length; }

    /** Sparsity of level k (ascending in k); 0 for {@link #DENSE}. */
    public double sparsity(int k) {
        if (k == DENSE) return 0;
        return levels[k];
    }

    /** Index of the level with exactly this sparsity (within 1e-9), {@link #DENSE} for 0. */
    public int indexOf(double s) {
        if (Math.abs(s) < 1e-9) return DENSE;
        for (int k = 0; k < levels.length; k++) {
            if (Math.abs(levels[k] - s) < 1e-9) return k;
        }
        throw new IllegalArgumentException("no sparsity level " + s + "; levels are 0 (dense), " + this);
    }

    /** Copy of the fractions, ascending. */
    public double[] toArray() { return levels.clone(); }

    /** Number of elements removed out of n at level k: round(s_k * n), never decreasing in k. */
    public int removedCount(int k, int n) {
        return k == DENSE ? 0 : (int) Math.round(levels[k] * n);
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < levels.length; k++) {
            if (k > 0) sb.append(',');
            sb.append(format(levels[k]));
        }
        return sb.toString();
    }

    /** Short decimal form of a level, e.g. 0.4 (no trailing zeros). */
    public static String format(double s) {
        String t = String.format(java.util.Locale.ROOT, "%.6f", s);
        t = t.replaceAll("0+$", "");
        return t.endsWith(".") ? t + "0" : t;
    }

    @Override public boolean equals(Object o) {
        return o instanceof SparsityLevels other && Arrays.equals(levels, other.levels);
    }

    @Override public int hashCode() { return Arrays.hashCode(levels); }
}

package moglm.prune;

import java.util.List;
import java.util.Map;

/**
 * A user's budget for one level of an on-demand model, and the choice of the level that fits it.
 *
 * <p>Limits: non-zero parameters of the level's export, bytes of its file, and CPU milliseconds
 * per network state (one {@code step()} of one history, measured on the machine that chooses,
 * {@link StepSpeed}). A limit of -1 / NaN is no limit. Among the levels within every limit the
 * choice is the least sparse: the levels are nested (a sparser level has a subset of the denser
 * one's weights) and were trained to be best in that order; a measured dev perplexity is reported,
 * not used to choose (on a dev text with many out-of-vocabulary words it can rank levels
 * differently from held-out text and WER).
 *
 * @param maxNonZero     most non-zero parameters, or -1
 * @param maxFileBytes   most bytes of the exported file, or -1
 * @param maxMsPerState  most CPU ms per state, or NaN
 */
public record LevelBudget(long maxNonZero, long maxFileBytes, double maxMsPerState) {
    /** True when no limit is set. */
    public boolean unlimited() { return maxNonZero < 0 && maxFileBytes < 0 && Double.isNaN(maxMsPerState); }

    /**
     * Whether row fits; {@code msPerState} is its measured speed (NaN when not measured). A limit
     * on a quantity the row does not know is not met.
     */
    public boolean fits(LevelTable.Row row, double msPerState) {
        if (maxNonZero >= 0 && (row.nonZero() < 0 || row.nonZero() > maxNonZero)) return false;
        if (maxFileBytes >= 0 && (row.fileBytes() < 0 || row.fileBytes() > maxFileBytes)) return false;
        return Double.isNaN(maxMsPerState) || (!Double.isNaN(msPerState) && msPerState <= maxMsPerState);
    }

    /**
     * The chosen row, or null when no level fits.
     *
     * @param msPerState level -> measured ms per state (may lack levels; unused without a speed limit)
     */
    public LevelTable.Row choose(List<LevelTable.Row> rows, Map<Double, Double> msPerState) {
        List<LevelTable.Row> fit = rows.stream().filter(r -> fits(r, msPerState.getOrDefault(r.level(), Double.NaN))).toList();
        if (fit.isEmpty()) return null;
        LevelTable.Row best = fit.get(0);
        for (LevelTable.Row r : fit) if (r.level() < best.level()) best = r;
        return best;
    }

    /**
     * Parses a size with an optional suffix k, M, G (powers of 1000, as files are listed here) or
     * Ki, Mi, Gi (powers of 1024); e.g. 2.5M = 2,500,000.
     */
    public static long parseSize(String s, String what) {
        String t = s.strip();
        long mult = 1;
        String[][] suffixes = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"k", "1000"}, {"K", "1000"},
                {"M", "1000000"}, {"G", "1000000000"}};
        for (String[] suf : suffixes) {
            if (t.endsWith(suf[0])) {
                mult = Long.parseLong(suf[1]);
                t = t.substring(0, t.length() - suf[0].length());
                break;
            }
        }
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": '" + s + "' is not a number with an optional k/M/G or Ki/Mi/Gi suffix");
        }
        if (!(v >= 0) || v * mult > Long.MAX_VALUE) throw new IllegalArgumentException(what + ": '" + s + "' must be >= 0");
        return (long) Math.floor(v * mult);
    }
}

package moglm.prune;

import java.util.Locale;

/**
 * When masks are (re)computed and how far each level is pruned at a training step.
 *
 * <p>Each level k has a final sparsity s_k; at step t the level is pruned to
 * {@code s_k * fraction(t)}. Because the fraction is shared by all levels, the masks stay nested.
 * <ul>
 * <li>one-shot at step s: fraction 0 before s, 1 from s on (masks computed once, at step s, then
 *     fine-tuned with fixed masks);</li>
 * <li>gradual (Zhu &amp; Gupta 2017): s_t = s_f + (s_i - s_f) (1 - (t - t0) / (n dt))^3 for
 *     t in [t0, t0 + n dt], updated every dt steps, with s_i = 0 here, i.e.
 *     fraction(t) = 1 - (1 - (t - t0)/(n dt))^3 evaluated at the last update step; masks are
 *     recomputed at every update step t0, t0 + dt, ..., t0 + n dt.</li>
 * </ul>
 */
public final class PruneSchedule {
    private final long start;
    private final long end;
    private final long every;

    private PruneSchedule(long start, long end, long every) {
        if (start < 0 || end < start || every <= 0) {
            throw new IllegalArgumentException("bad prune schedule start=" + start + " end=" + end + " every=" + every);
        }
        this.start = start;
        this.end = end;
        this.every = every;
    }

    /** Prune to the final levels at {@code step}, then keep the masks. */
    public static PruneSchedule oneShot(long step) { return new PruneSchedule(step, step, 1); }

    /** Cubic schedule from {@code start} to {@code end}, masks updated every {@code every} steps. */
    public static PruneSchedule gradual(long start, long end, long every) {
        if (end == start) return oneShot(start);
        if ((end - start) % every != 0) {
            throw new IllegalArgumentException("prune schedule: (end - start) = " + (end - start)
                    + " must be a multiple of the frequency " + every);
        }
        return new PruneSchedule(start, end, every);
    }

    /** Parses {@code oneshot:S} or {@code cubic:START:END:EVERY}. */
    public static PruneSchedule parse(String s) {
        String[] p = s.trim().toLowerCase(Locale.ROOT).split(":");
        try {
            if (p[0].equals("oneshot") && p.length == 2) return oneShot(Long.parseLong(p[1]));
            if ((p[0].equals("cubic") || p[0].equals("gradual")) && p.length == 4) {
                return gradual(Long.parseLong(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3]));
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("--prune-schedule '" + s + "': expected oneshot:STEP or cubic:START:END:EVERY");
    }

    public long start() { return start; }
    public long end() { return end; }
    public long every() { return every; }
    public boolean isOneShot() { return start == end; }

    /** True when masks must be (re)computed before step t. */
    public boolean updatesAt(long t) {
        return t >= start && t <= end && (t - start) % every == 0;
    }

    /** Fraction of the final sparsity in force at step t (piecewise constant between updates). */
    public double fraction(long t) {
        if (t < start) return 0;
        if (t >= end) return 1;
        long last = start + ((t - start) / every) * every;
        double progress = (double) (last - start) / (end - start);
        double r = 1 - progress;
        return 1 - r * r * r;
    }

    /** Zhu &amp; Gupta's s_t for a level with initial sparsity si and final sf. */
    public double sparsity(long t, double si, double sf) {
        return sf + (si - sf) * (1 - fraction(t));
    }

    @Override public String toString() {
        return isOneShot() ? "oneshot:" + start : "cubic:" + start + ":" + end + ":" + every;
    }
}

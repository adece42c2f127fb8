package moglm.cli.common;

import java.util.Locale;

/**
 * Kaldi-style periodic progress of a long table job: a LOG line every {@code every} items with the
 * count so far, the elapsed time and the rate, e.g.
 * {@code LOG (moglm nbest-rescore) Processed 200 utterances in 9.8 s (20.4 utterances/s)}.
 */
public final class Progress {
    private final Log log;
    private final String unit;
    private final int every;
    private final long start = System.nanoTime();
    private long count;

    /** Reports every {@code every} items (0 = never) of the plural {@code unit} to {@code log}. */
    public Progress(Log log, String unit, int every) {
        if (every < 0) throw new IllegalArgumentException("progress interval must be >= 0, got " + every);
        this.log = log;
        this.unit = unit;
        this.every = every;
    }

    /** Counts one item; logs when the count reaches a multiple of the interval. */
    public void tick() {
        count++;
        if (every > 0 && count % every == 0) log.log(line());
    }

    /** Items counted so far. */
    public long count() {
        return count;
    }

    /** Seconds since this object was made. */
    public double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** {@code Processed N <unit> in S s (R <unit>/s)}. */
    public String line() {
        double s = seconds();
        return String.format(Locale.ROOT, "Processed %d %s in %.1f s (%.1f %s/s)", count, unit, s, s > 0 ? count / s : 0.0, unit);
    }
}

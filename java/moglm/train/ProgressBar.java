package moglm.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Training progress on stderr. On a terminal: one line rewritten in place ({@code \r}) at most
 * every 0.5 s: {@code [#####.....] 43% epoch 3 | 12.3k tok/s | loss 4.61 ppl 100.5 | lr 2e-03 | ETA 12:34}.
 * Not on a terminal (a log file): the same line, newline-terminated, every {@code periodSeconds}.
 * {@link #message} prints a full line (evaluations, checkpoints) without breaking the bar. Lines
 * written to a log (every message, and the bar when not on a terminal) start with an optional
 * prefix, e.g. {@code LOG (moglm train) }.
 */
public final class ProgressBar {
    private final PrintStream out;
    private final boolean tty;
    private final long periodNanos;
    private final String prefix;
    private long lastPrint;
    private boolean barShown;

    public ProgressBar(PrintStream out, boolean tty, double periodSeconds) {
        this(out, tty, periodSeconds, "");
    }

    /** As {@link #ProgressBar(PrintStream, boolean, double)}, with {@code prefix} before every logged line. */
    public ProgressBar(PrintStream out, boolean tty, double periodSeconds, String prefix) {
        this.prefix = prefix;
        this.out = out;
        this.tty = tty;
        this.periodNanos = (long) ((tty ? 0.5 : periodSeconds) * 1e9);
        this.lastPrint = System.nanoTime();
    }

    /** A bar for stderr, detecting whether it is a terminal. */
    public static ProgressBar stderr(double periodSeconds) {
        return stderr(periodSeconds, "");
    }

    /** A bar for stderr whose logged lines start with {@code prefix}. */
    public static ProgressBar stderr(double periodSeconds, String prefix) {
        return new ProgressBar(System.err, System.console() != null, periodSeconds, prefix);
    }

    /** A bar that prints nothing. */
    public static ProgressBar silent() {
        return new ProgressBar(new PrintStream(java.io.OutputStream.nullOutputStream()), false, 1e9);
    }

    /** Updates the bar if the print period has passed. */
    public void update(double fraction, int epoch, double tokensPerSec, double loss, double lr, double etaSeconds) {
        long now = System.nanoTime();
        if (now - lastPrint < periodNanos) return;
        lastPrint = now;
        String line = format(fraction, epoch, tokensPerSec, loss, lr, etaSeconds);
        if (tty) {
            out.print("\r" + line + "\u001b[K");
            barShown = true;
        } else {
            out.println(prefix + line);
        }
        out.flush();
    }

    static String format(double fraction, int epoch, double tokensPerSec, double loss, double lr, double etaSeconds) {
        int width = 20;
        int filled = (int) Math.max(0, Math.min(width, Math.round(fraction * width)));
        String bar = "#".repeat(filled) + ".".repeat(width - filled);
        return String.format(Locale.ROOT, "[%s] %3.0f%% epoch %d | %s tok/s | loss %.3f ppl %.1f | lr %.2e | ETA %s",
                bar, 100 * fraction, epoch + 1, humanCount(tokensPerSec), loss, Math.exp(loss), lr, clock(etaSeconds));
    }

    static String humanCount(double x) {
        if (x >= 1e6) return String.format(Locale.ROOT, "%.2fM", x / 1e6);
        if (x >= 1e3) return String.format(Locale.ROOT, "%.1fk", x / 1e3);
        return String.format(Locale.ROOT, "%.0f", x);
    }

    static String clock(double s) {
        if (!Double.isFinite(s) || s < 0) return "--:--";
        long t = Math.round(s);
        return t >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
                : String.format(Locale.ROOT, "%02d:%02d", t / 60, t % 60);
    }

    /** Prints a full message line. */
    public void message(String s) {
        if (tty && barShown) out.print("\r\u001b[K");
        out.println(prefix + s);
        out.flush();
        barShown = false;
    }
}

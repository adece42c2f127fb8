package moglm.kaldi.score;

import java.util.List;

/**
 * Picks the best of several compute-wer results the way Kaldi's {@code utils/best_wer.sh} does
 * when fed {@code grep WER <file> /dev/null} lines ({@code <file>:%WER 9.25 [ ... ]}):
 * <ul>
 * <li>the first line with the LOWEST %WER value wins; a later line replaces it only when strictly
 *     lower (so on ties the earliest in input order wins; score_kaldi.sh feeds them WIP-major,
 *     then LMWT ascending);</li>
 * <li>the output is the %WER part followed by a space and the file name, with whitespace runs
 *     squeezed to one space: {@code %WER 9.25 [ 37 / 400, 15 ins, 7 del, 15 sub ] exp/x/wer_15_0.0}.</li>
 * </ul>
 * The numeric comparison follows Perl: {@code nan} never compares lower (the first NaN line stays
 * best only if it came first), {@code inf} is larger than any number.
 */
public final class BestWer {
    private BestWer() {}

    /** One candidate: the wer file's name as the script sees it and its {@code %WER} line. */
    public record Candidate(String file, String werLine) {}

    /**
     * The best candidate's best_wer line (no trailing newline).
     *
     * @throws IllegalArgumentException if no candidate has a parsable {@code %WER} value
     */
    public static String select(List<Candidate> candidates) {
        Double best = null;
        Candidate bestCandidate = null;
        for (Candidate c : candidates) {
            Double v = werValue(c.werLine());
            if (v == null) continue;
            if (best == null || best > v) {
                best = v;
                bestCandidate = c;
            }
        }
        if (bestCandidate == null) {
            throw new IllegalArgumentException("no %WER line among " + candidates.size() + " wer files");
        }
        String line = bestCandidate.werLine().trim() + " " + bestCandidate.file();
        return line.replaceAll("\\s+", " ");
    }

    /** The number after "%WER " (Perl numeric semantics for nan/inf); null if there is none. */
    static Double werValue(String line) {
        int at = line.indexOf("WER ");
        if (at < 0) return null;
        int start = at + 4, end = start;
        while (end < line.length() && !Character.isWhitespace(line.charAt(end))) end++;
        if (end == start) return null;
        String s = line.substring(start, end).toLowerCase();
        if (s.endsWith("nan")) return Double.NaN;
        if (s.equals("inf")) return Double.POSITIVE_INFINITY;
        if (s.equals("-inf")) return Double.NEGATIVE_INFINITY;
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0.0; // Perl numifies a non-number to 0
        }
    }
}

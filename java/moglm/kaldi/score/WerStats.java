package moglm.kaldi.score;

import java.util.Arrays;

/**
 * Accumulates word and sentence error counts over utterances and prints them in the exact layout
 * of Kaldi's {@code compute-wer}:
 * <pre>
 * %WER 9.25 [ 37 / 400, 15 ins, 7 del, 15 sub ]
 * %SER 60.00 [ 24 / 40 ]
 * Scored 40 sentences, 0 not present in hyp.
 * </pre>
 * with {@code " [PARTIAL]"} after the %WER line when some references had no hypothesis.
 * Percentages are computed in float as Kaldi does ({@link CFormat#kaldiPercent}).
 */
public final class WerStats {
    private int numWords, wordErrors, numSentences, sentenceErrors;
    private int insertions, deletions, substitutions, absent;

    /** Scores one utterance: adds its edit counts, word count and sentence error. */
    public EditCounts add(int[] ref, int[] hyp) {
        EditCounts c = EditDistance.levenshtein(ref, hyp);
        numWords += ref.length;
        wordErrors += c.errors();
        insertions += c.insertions();
        deletions += c.deletions();
        substitutions += c.substitutions();
        numSentences++;
        if (!Arrays.equals(ref, hyp)) sentenceErrors++;
        return c;
    }

    /** Counts a reference with no hypothesis (it is then scored as empty only in mode "all"). */
    public void addAbsent() {
        absent++;
    }

    public int numWords() { return numWords; }
    public int wordErrors() { return wordErrors; }
    public int numSentences() { return numSentences; }
    public int sentenceErrors() { return sentenceErrors; }
    public int insertions() { return insertions; }
    public int deletions() { return deletions; }
    public int substitutions() { return substitutions; }
    public int absent() { return absent; }

    /** The {@code %WER ...} line (no newline), as compute-wer prints it. */
    public String werLine() {
        return "%WER " + CFormat.kaldiPercent(wordErrors, numWords) + " [ " + wordErrors + " / " + numWords
                + ", " + insertions + " ins, " + deletions + " del, " + substitutions + " sub ]"
                + (absent != 0 ? " [PARTIAL]" : "");
    }

    /** The {@code %SER ...} line (no newline). */
    public String serLine() {
        return "%SER " + CFormat.kaldiPercent(sentenceErrors, numSentences) + " [ " + sentenceErrors + " / "
                + numSentences + " ]";
    }

    /** The {@code Scored ...} line (no newline). */
    public String scoredLine() {
        return "Scored " + numSentences + " sentences, " + absent + " not present in hyp.";
    }

    /** All three lines, each ending in a newline: compute-wer's complete standard output. */
    public String report() {
        return werLine() + "\n" + serLine() + "\n" + scoredLine() + "\n";
    }
}

package moglm.train;

/**
 * How sentences are laid out in a text file.
 * <ul>
 *   <li>{@link #PLAIN}: one sentence per line, words separated by white space (PTB, LM text);</li>
 *   <li>{@link #KALDI}: a Kaldi {@code data/text}: the first field of each line is an utterance
 *       id (skipped), the rest are the words.</li>
 * </ul>
 * A leading {@code <s>} and a trailing {@code </s>} on a line are dropped (SRILM-style markup).
 */
public enum TextFormat { PLAIN, KALDI }

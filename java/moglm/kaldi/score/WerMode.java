package moglm.kaldi.score;

/**
 * compute-wer's {@code --mode}: what to do with a reference that has no hypothesis.
 * {@code present}: leave it out (but count it as "not present"); {@code all}: score it against
 * an empty hypothesis; {@code strict}: fail.
 */
public enum WerMode {
    PRESENT, ALL, STRICT;

    /** Parses "present" | "all" | "strict" as Kaldi spells them. */
    public static WerMode parse(String s) {
        switch (s) {
            case "present": return PRESENT;
            case "all": return ALL;
            case "strict": return STRICT;
            default:
                throw new IllegalArgumentException(
                        "--mode option invalid: expected \"present\"|\"all\"|\"strict\", got " + s);
        }
    }
}

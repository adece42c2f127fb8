package moglm.fuzz;

/** Jazzer command-line entry for the 'words-txt' target ({@link ParserTargets}); see recipes/fuzz/run.sh. */
public final class WordsTxtFuzzer {
    private WordsTxtFuzzer() {}

    public static void fuzzerTestOneInput(byte[] data) {
        ParserTargets.run("words-txt", data);
    }
}

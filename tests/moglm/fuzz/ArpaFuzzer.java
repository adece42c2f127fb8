package moglm.fuzz;

/** Jazzer command-line entry for the 'arpa' target ({@link ParserTargets}); see recipes/fuzz/run.sh. */
public final class ArpaFuzzer {
    private ArpaFuzzer() {}

    public static void fuzzerTestOneInput(byte[] data) {
        ParserTargets.run("arpa", data);
    }
}

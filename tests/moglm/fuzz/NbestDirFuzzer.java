package moglm.fuzz;

/** Jazzer command-line entry for the 'nbest-dir' target ({@link ParserTargets}); see recipes/fuzz/run.sh. */
public final class NbestDirFuzzer {
    private NbestDirFuzzer() {}

    public static void fuzzerTestOneInput(byte[] data) {
        ParserTargets.run("nbest-dir", data);
    }
}

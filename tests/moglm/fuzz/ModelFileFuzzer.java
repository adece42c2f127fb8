package moglm.fuzz;

/** Jazzer command-line entry for the 'model-file' target ({@link ParserTargets}); see recipes/fuzz/run.sh. */
public final class ModelFileFuzzer {
    private ModelFileFuzzer() {}

    public static void fuzzerTestOneInput(byte[] data) {
        ParserTargets.run("model-file", data);
    }
}

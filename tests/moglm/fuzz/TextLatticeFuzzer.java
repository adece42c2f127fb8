package moglm.fuzz;

/** Jazzer command-line entry for the 'text-lattice' target ({@link ParserTargets}); see recipes/fuzz/run.sh. */
public final class TextLatticeFuzzer {
    private TextLatticeFuzzer() {}

    public static void fuzzerTestOneInput(byte[] data) {
        ParserTargets.run("text-lattice", data);
    }
}

package moglm.fuzz;

/** Jazzer command-line entry for the 'binary-lattice' target ({@link ParserTargets}); see recipes/fuzz/run.sh. */
public final class BinaryLatticeFuzzer {
    private BinaryLatticeFuzzer() {}

    public static void fuzzerTestOneInput(byte[] data) {
        ParserTargets.run("binary-lattice", data);
    }
}

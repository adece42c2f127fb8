package moglm.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer {@code @FuzzTest}s, one per parser target ({@link ParserTargets}). Not part of
 * {@code mvn verify} (the class name does not end in Test: loading the Jazzer agent there would
 * slow every other test; {@link ParserSeedsTest} runs the seed corpora instead). Fuzz one target
 * from JUnit with, e.g.,
 * {@code JAZZER_FUZZ=1 mvn test -Dtest='ParserFuzzing#arpa' -Dsurefire.failIfNoSpecifiedTests=false}
 * (10 minutes; copy {@code tests/fuzz-seeds/arpa/*} into {@code .cifuzz-corpus/moglm.fuzz.ParserFuzzing/arpa/}
 * first to start from the seeds), or all six for N minutes each with {@code recipes/fuzz/run.sh N}.
 */
class ParserFuzzing {
    @FuzzTest(maxDuration = "10m") void binaryLattice(byte[] data) { ParserTargets.run("binary-lattice", data); }

    @FuzzTest(maxDuration = "10m") void textLattice(byte[] data) { ParserTargets.run("text-lattice", data); }

    @FuzzTest(maxDuration = "10m") void arpa(byte[] data) { ParserTargets.run("arpa", data); }

    @FuzzTest(maxDuration = "10m") void wordsTxt(byte[] data) { ParserTargets.run("words-txt", data); }

    @FuzzTest(maxDuration = "10m") void modelFile(byte[] data) { ParserTargets.run("model-file", data); }

    @FuzzTest(maxDuration = "10m") void nbestDir(byte[] data) { ParserTargets.run("nbest-dir", data); }
}

package moglm.cli.rescore;

import java.util.concurrent.Callable;
import moglm.rescore.lattice.NgramLatticeRescoring;
import moglm.rescore.lmfst.NgramModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code moglm lattice-lmrescore}: Kaldi's lattice-lmrescore (add or remove an n-gram LM exactly). */
@Command(name = "lattice-lmrescore", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Adds lm-scale times an n-gram LM to the graph costs of lattices (lm-scale -1 removes it), as Kaldi's",
            "lattice-lmrescore: a G.fst is composed with its back-off arcs as epsilons and the result determinized, so",
            "each word sequence gets the cheapest path through the FST, split over the arcs as Kaldi splits it (this",
            "reproduces Kaldi's output). A G.carpa or an ARPA (with --word-symbol-table) gives exact back-off costs.",
            "The format is detected from the file's first bytes. Lattices must be deterministic on words (as Kaldi's are).",
            "",
            "Usage: moglm lattice-lmrescore [options] <lattice-rspecifier> <lm-fst-in> <lattice-wspecifier>",
            " e.g.: moglm lattice-lmrescore --lm-scale=-1.0 'ark:gunzip -c lat.1.gz|' data/lang/G.fst ark:nolm.lats",
            ""})
public final class LatticeLmrescoreCommand implements Callable<Integer> {
    private static final String NAME = "lattice-lmrescore";

    @Option(names = "--lm-scale", paramLabel = "<float>", description = "Scaling factor for the LM costs; -1.0 removes the LM (default: ${DEFAULT-VALUE})")
    float lmScale = 1.0f;

    @Mixin NgramOptions ngram = new NgramOptions();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this help")
    boolean help;

    @Parameters(index = "0", paramLabel = "<lattice-rspecifier>") String rspec;
    @Parameters(index = "1", paramLabel = "<lm-fst-in>") String lmFile;
    @Parameters(index = "2", paramLabel = "<lattice-wspecifier>") String wspec;

    @Override public Integer call() {
        try {
            NgramModel lm = ngram.load(lmFile);
            LatticeRescoreLoop.log(NAME, "LM: " + lm.describe());
            if (lmScale == 0f) return LatticeRescoreLoop.run(NAME, rspec, wspec, in -> in);
            return LatticeRescoreLoop.run(NAME, rspec, wspec, in -> NgramLatticeRescoring.lmrescore(in, lm, lmScale));
        } catch (java.io.IOException | IllegalArgumentException e) {
            LatticeRescoreLoop.error(NAME, e.getMessage());
            return 1;
        }
    }
}

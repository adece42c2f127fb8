package moglm.cli.rescore;

import java.util.concurrent.Callable;
import moglm.rescore.lattice.NgramLatticeRescoring;
import moglm.rescore.lmfst.NgramModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code moglm lattice-lmrescore-const-arpa}: Kaldi's lattice-lmrescore-const-arpa (exact composition). */
@Command(name = "lattice-lmrescore-const-arpa", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Adds lm-scale times an n-gram LM to the graph costs of lattices by exact (unpruned) composition, as Kaldi's",
            "lattice-lmrescore-const-arpa: the LM is normally a ConstArpaLm (G.carpa, from arpa-to-const-arpa); a G.fst",
            "(walked with its back-off arcs, as Kaldi's BackoffDeterministicOnDemandFst) or an ARPA (with",
            "--word-symbol-table) also work. The format is detected from the file's first bytes. Lattices must be",
            "deterministic on words (as Kaldi's are); Kaldi determinizes its output, which then changes nothing.",
            "",
            "Usage: moglm lattice-lmrescore-const-arpa [options] <lattice-rspecifier> <const-arpa-in> <lattice-wspecifier>",
            " e.g.: moglm lattice-lmrescore-const-arpa --lm-scale=1.0 ark:nolm.lats data/lang_fg/G.carpa 'ark:|gzip -c >lat.1.gz'",
            ""})
public final class LatticeLmrescoreConstArpaCommand implements Callable<Integer> {
    private static final String NAME = "lattice-lmrescore-const-arpa";

    @Option(names = "--lm-scale", paramLabel = "<float>", description = "Scaling factor for the LM costs; frequently 1.0 or -1.0 (default: ${DEFAULT-VALUE})")
    float lmScale = 1.0f;

    @Mixin NgramOptions ngram = new NgramOptions();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this help")
    boolean help;

    @Parameters(index = "0", paramLabel = "<lattice-rspecifier>") String rspec;
    @Parameters(index = "1", paramLabel = "<const-arpa-in>") String lmFile;
    @Parameters(index = "2", paramLabel = "<lattice-wspecifier>") String wspec;

    @Override public Integer call() {
        try {
            NgramModel lm = ngram.load(lmFile);
            LatticeRescoreLoop.log(NAME, "LM: " + lm.describe());
            if (lmScale == 0f) return LatticeRescoreLoop.run(NAME, rspec, wspec, in -> in);
            return LatticeRescoreLoop.run(NAME, rspec, wspec, in -> NgramLatticeRescoring.exact(in, lm.get(), lmScale));
        } catch (java.io.IOException | IllegalArgumentException e) {
            LatticeRescoreLoop.error(NAME, e.getMessage());
            return 1;
        }
    }
}

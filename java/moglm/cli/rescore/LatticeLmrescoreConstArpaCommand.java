package moglm.cli.rescore;

import java.io.IOException;
import moglm.cli.common.MoglmCommand;
import moglm.rescore.lattice.NgramLatticeRescoring;
import moglm.rescore.lmfst.NgramModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code moglm lattice-lmrescore-const-arpa}: Kaldi's lattice-lmrescore-const-arpa (exact composition). */
@Command(name = "lattice-lmrescore-const-arpa", sortOptions = false,
        customSynopsis = "moglm lattice-lmrescore-const-arpa [options] <lattice-rspecifier> <const-arpa-in> <lattice-wspecifier>",
        description = {
            "Add lm-scale times an n-gram LM to the graph costs of lattices by exact (unpruned) composition, as Kaldi's"
                + " lattice-lmrescore-const-arpa.",
            "The LM is normally a ConstArpaLm (G.carpa, from Kaldi's arpa-to-const-arpa); a G.fst (walked with its back-off arcs,"
                + " as Kaldi's BackoffDeterministicOnDemandFst) or an ARPA (with --word-symbol-table) also work. The format is"
                + " detected from the file's first bytes. Lattices must be deterministic on words, as Kaldi's are."},
        footer = {"moglm lattice-lmrescore-const-arpa --lm-scale=1.0 ark:nolm.lats data/lang_fg/G.carpa 'ark:|gzip -c >lat.1.gz'"})
public final class LatticeLmrescoreConstArpaCommand extends MoglmCommand {
    @Option(names = "--lm-scale", paramLabel = "FLOAT", description = "Scaling factor for the LM costs; frequently 1.0 or -1.0.")
    float lmScale = 1.0f;

    @Option(names = "--progress-every", paramLabel = "N", description = "Log progress (count, rate) every N lattices (0 = never).")
    int progressEvery = 20;

    @Mixin NgramOptions ngram = new NgramOptions();

    @Parameters(index = "0", paramLabel = "<lattice-rspecifier>") String rspec;
    @Parameters(index = "1", paramLabel = "<const-arpa-in>") String lmFile;
    @Parameters(index = "2", paramLabel = "<lattice-wspecifier>") String wspec;

    @Override protected int run() throws IOException {
        NgramModel lm = ngram.load(lmFile);
        log.log("LM: " + lm.describe());
        if (lmScale == 0f) return LatticeRescoreLoop.run(log, rspec, wspec, progressEvery, in -> in);
        return LatticeRescoreLoop.run(log, rspec, wspec, progressEvery, in -> NgramLatticeRescoring.exact(in, lm.get(), lmScale));
    }
}

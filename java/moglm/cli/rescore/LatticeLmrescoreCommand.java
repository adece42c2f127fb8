package moglm.cli.rescore;

import java.io.IOException;
import moglm.cli.common.MoglmCommand;
import moglm.rescore.lattice.NgramLatticeRescoring;
import moglm.rescore.lmfst.NgramModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code moglm lattice-lmrescore}: Kaldi's lattice-lmrescore (add or remove an n-gram LM exactly). */
@Command(name = "lattice-lmrescore", sortOptions = false,
        customSynopsis = "moglm lattice-lmrescore [options] <lattice-rspecifier> <lm-fst-in> <lattice-wspecifier>",
        description = {
            "Add lm-scale times an n-gram LM to the graph costs of lattices (lm-scale -1 removes it), as Kaldi's lattice-lmrescore.",
            "A G.fst is composed with its back-off arcs as epsilons and the result determinized, so each word sequence gets the"
                + " cheapest path through the FST, split over the arcs as Kaldi splits it (this reproduces Kaldi's output)."
                + " A G.carpa or an ARPA (with --word-symbol-table) gives exact back-off costs. The format is detected from the"
                + " file's first bytes. Lattices must be deterministic on words, as Kaldi's are."},
        footer = {"moglm lattice-lmrescore --lm-scale=-1.0 'ark:gunzip -c lat.1.gz|' data/lang/G.fst ark:nolm.lats"})
public final class LatticeLmrescoreCommand extends MoglmCommand {
    @Option(names = "--lm-scale", paramLabel = "FLOAT", description = "Scaling factor for the LM costs; -1.0 removes the LM.")
    float lmScale = 1.0f;

    @Option(names = "--progress-every", paramLabel = "N", description = "Log progress (count, rate) every N lattices (0 = never).")
    int progressEvery = 20;

    @Mixin NgramOptions ngram = new NgramOptions();

    @Parameters(index = "0", paramLabel = "<lattice-rspecifier>") String rspec;
    @Parameters(index = "1", paramLabel = "<lm-fst-in>") String lmFile;
    @Parameters(index = "2", paramLabel = "<lattice-wspecifier>") String wspec;

    @Override protected int run() throws IOException {
        NgramModel lm = ngram.load(lmFile);
        log.log("LM: " + lm.describe());
        if (lmScale == 0f) return LatticeRescoreLoop.run(log, rspec, wspec, progressEvery, in -> in);
        return LatticeRescoreLoop.run(log, rspec, wspec, progressEvery, in -> NgramLatticeRescoring.lmrescore(in, lm, lmScale));
    }
}

package moglm.cli.kaldi;

import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.lattice.LatticeScale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code moglm lattice-add-penalty}: adds a word insertion penalty to the graph cost of every word arc. */
@Command(name = "lattice-add-penalty",
        customSynopsis = "moglm lattice-add-penalty [options] <lattice-rspecifier> <lattice-wspecifier>",
        description = {"Add a word insertion penalty to the lattice (to the graph cost of every arc with a word).",
                "Note: penalties are negative log-probs, base e, and are added to the 'language model' part of the cost."},
        footer = {"moglm lattice-add-penalty --word-ins-penalty=1.0 ark:- ark:-"})
public final class LatticeAddPenaltyCommand extends LatticeTransformTool {
    @Option(names = "--word-ins-penalty", paramLabel = "FLOAT", description = "Word insertion penalty.")
    float wordInsPenalty = 0.0f;

    @Override CompactLattice transform(String key, CompactLattice lat) {
        LatticeScale.addWordInsertionPenalty(lat, wordInsPenalty);
        return lat;
    }
}

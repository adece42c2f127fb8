package moglm.cli.kaldi;

import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.lattice.LatticePrune;
import moglm.kaldi.lattice.LatticeScale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code moglm lattice-prune}: Kaldi's lattice-prune. The acoustic scale is applied, the lattice
 * pruned ({@link LatticePrune}) and the scale undone with {@code 1.0/acoustic-scale}, as Kaldi does.
 */
@Command(name = "lattice-prune",
        customSynopsis = "moglm lattice-prune [options] <lattice-rspecifier> <lattice-wspecifier>",
        description = {"Apply beam pruning to lattices."},
        footer = {"moglm lattice-prune --acoustic-scale=0.1 --beam=4.0 ark:1.lats ark:pruned.lats"})
public final class LatticePruneCommand extends LatticeTransformTool {
    @Option(names = "--acoustic-scale", paramLabel = "FLOAT", description = "Scaling factor for acoustic likelihoods.")
    float acousticScale = 1.0f;
    @Option(names = "--beam", paramLabel = "FLOAT", description = "Pruning beam [applied after acoustic scaling].")
    float beam = 10.0f;

    private long statesIn, statesOut, arcsIn, arcsOut;

    @Override void checkOptions() {
        if (acousticScale == 0.0f) throw new IllegalArgumentException("Do not use a zero acoustic scale (cannot be inverted)");
        if (!(beam > 0)) throw new IllegalArgumentException("--beam must be positive");
    }

    @Override CompactLattice transform(String key, CompactLattice lat) {
        LatticeScale.scale(lat, 1.0, acousticScale);
        statesIn += lat.numStates();
        arcsIn += lat.numArcs();
        CompactLattice pruned = LatticePrune.prune(lat, beam);
        if (pruned == null) {
            log.warn("Error pruning lattice for utterance " + key);
            return null;
        }
        statesOut += pruned.numStates();
        arcsOut += pruned.numArcs();
        log.log("For utterance " + key + ", pruned #states from " + lat.numStates() + " to " + pruned.numStates()
                + " and #arcs from " + lat.numArcs() + " to " + pruned.numArcs());
        LatticeScale.scale(pruned, 1.0, 1.0 / acousticScale);
        return pruned;
    }

    @Override void summary(int done) {
        float den = done > 0 ? done : 1.0f;
        log.log("Overall, pruned from on average " + f(statesIn / den) + " to " + f(statesOut / den) + " states, and from "
                + f(arcsIn / den) + " to " + f(arcsOut / den) + " arcs, over " + done + " utterances.");
    }
}

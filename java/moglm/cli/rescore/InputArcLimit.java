package moglm.cli.rescore;

import java.util.function.Consumer;
import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.lattice.LatticePrune;

/**
 * Bounds the size of a lattice before rescoring (moglm's {@code --max-input-arcs}; Kaldi has no
 * such bound, and a huge lattice then takes unbounded time and memory, kaldi#4734): a lattice with
 * more arcs than the limit is beam-pruned at the given acoustic scale, starting from the compose
 * beam and halving it until the lattice fits. Weights are not changed, only arcs removed.
 */
final class InputArcLimit {
    private InputArcLimit() {}

    /** Smallest beam tried before giving up. */
    static final double MIN_BEAM = 0.1;

    /**
     * The lattice itself when it is within the limit; else a pruned copy that is (with a warning
     * to {@code warn}); null (with a warning) when no beam down to {@value #MIN_BEAM} makes it fit.
     */
    static CompactLattice apply(CompactLattice lat, int maxArcs, double beam, double acousticScale, Consumer<String> warn) {
        int arcs = lat.numArcs();
        if (arcs <= maxArcs) return lat;
        for (double b = Math.min(beam, 1e6); b >= MIN_BEAM; b /= 2) {
            CompactLattice pruned = LatticePrune.prune(lat, b, acousticScale);
            if (pruned == null) break;
            if (pruned.numArcs() <= maxArcs) {
                warn.accept(arcs + " arcs exceed --max-input-arcs=" + maxArcs + "; pruned with beam " + b + " to "
                        + pruned.numArcs() + " arcs before rescoring");
                return pruned;
            }
        }
        warn.accept(arcs + " arcs exceed --max-input-arcs=" + maxArcs + " and beam pruning down to " + MIN_BEAM
                + " does not bring it under the limit; skipped");
        return null;
    }
}

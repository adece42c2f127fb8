package moglm.rescore.lattice;

import moglm.kaldi.ngram.LmFormat;
import moglm.rescore.lmfst.FstOnDemandLm;
import moglm.rescore.lmfst.NgramModel;
import moglm.rescore.lmfst.OnDemandLm;
import moglm.rescore.lmfst.ScaledLm;
import moglm.rescore.lmfst.SumLm;

/**
 * Lattice rescoring with n-gram LMs, as Kaldi's three n-gram rescoring binaries do it. Each method
 * rescores one top-sorted word lattice and returns the new one (null when no path survives);
 * acoustic costs are kept, graph costs change.
 *
 * <ul>
 *   <li>{@link #lmrescore}: {@code lattice-lmrescore}: graph += scale * LM. A G.fst is composed
 *       with its back-off arcs as epsilons and determinized ({@link FstLatticeRescorer}: the
 *       cheapest FST path, split over the arcs as Kaldi's determinization does); other formats
 *       exactly.</li>
 *   <li>{@link #exact}: {@code lattice-lmrescore-const-arpa}: graph += scale * LM, exact back-off
 *       costs, full composition (no pruning).</li>
 *   <li>{@link #pruned}: {@code lattice-lmrescore-pruned}: graph += scale * (new - old) by pruned
 *       composition ({@link PrunedLatticeComposer}).</li>
 * </ul>
 */
public final class NgramLatticeRescoring {
    private NgramLatticeRescoring() {}

    /** Kaldi's lattice-lmrescore: adds {@code scale} times the LM (a G.fst the way composition sees it). */
    public static WordLattice lmrescore(WordLattice in, NgramModel lm, float scale) {
        if (lm.format() == LmFormat.FST) return FstLatticeRescorer.rescore(in, ((FstOnDemandLm) lm.get()).fst(), scale);
        return exact(in, lm.get(), scale);
    }

    /** Full composition with {@code scale} times an on-demand LM (exact back-off costs). */
    public static WordLattice exact(WordLattice in, OnDemandLm lm, float scale) {
        OnDemandLm scaled = scale == 1f ? lm : new ScaledLm(lm, scale);
        return PrunedLatticeComposer.compose(in, scaled, ComposeOptions.unlimited(1.0)).lattice();
    }

    /**
     * Pruned composition with {@code -lmScale * old + lmScale * add} (Kaldi's lattice-lmrescore-pruned:
     * the added LM is not scaled when lmScale is 1, the subtracted one always is).
     */
    public static PrunedLatticeComposer.Result pruned(WordLattice in, OnDemandLm old, OnDemandLm add, float lmScale, ComposeOptions opts) {
        OnDemandLm plus = lmScale == 1f ? add : new ScaledLm(add, lmScale);
        return PrunedLatticeComposer.compose(in, new SumLm(new ScaledLm(old, -lmScale), plus), opts);
    }
}

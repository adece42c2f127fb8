package moglm.rescore.lattice;

import java.util.function.Supplier;
import moglm.rescore.lmfst.OnDemandLm;
import moglm.rescore.lmfst.ScaledLm;
import moglm.rescore.lmfst.SumLm;
import moglm.rescore.neural.NeuralLm;
import moglm.rescore.neural.NeuralOnDemandLm;

/**
 * Pruned lattice rescoring as Kaldi's {@code lattice-lmrescore-kaldi-rnnlm-pruned} does it: the
 * lattice is composed (pruned, {@link PrunedLatticeComposer}) with the on-demand LM
 * {@code -lmScale * old + lmScale * new}, where old is the n-gram the graph costs came from and
 * new the neural LM with the n-gram history approximation of its {@code maxNgramOrder}. Graph
 * costs of the output = input graph costs + that delta; acoustic costs unchanged.
 *
 * <p>Thread-safe: each call makes its own per-utterance LM instances over the shared models.
 */
public final class LatticeRescorer {
    private final Supplier<OnDemandLm> oldLm;
    private final NeuralLm newLm;
    private final float lmScale;
    private final ComposeOptions opts;

    /**
     * @param oldLm   makes a fresh on-demand instance of the old LM (for one utterance)
     * @param newLm   the neural LM (shared)
     * @param lmScale Kaldi {@code --lm-scale}: weight of the new LM and minus that of the old
     */
    public LatticeRescorer(Supplier<OnDemandLm> oldLm, NeuralLm newLm, float lmScale, ComposeOptions opts) {
        this.oldLm = oldLm;
        this.newLm = newLm;
        this.lmScale = lmScale;
        this.opts = opts;
    }

    /** Rescores one lattice (top-sorted, start 0); a null output lattice means no path survived. */
    public PrunedLatticeComposer.Result rescore(WordLattice lattice) {
        try (NeuralOnDemandLm neural = new NeuralOnDemandLm(newLm)) {
            SumLm delta = new SumLm(new ScaledLm(oldLm.get(), -lmScale), new ScaledLm(neural, lmScale));
            return PrunedLatticeComposer.compose(lattice, delta, opts);
        }
    }
}

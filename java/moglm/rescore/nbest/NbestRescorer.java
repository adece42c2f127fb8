package moglm.rescore.nbest;

import java.util.ArrayList;
import java.util.List;
import moglm.kaldi.nbest.NbestHyp;
import moglm.kaldi.nbest.UtteranceNbest;
import moglm.rescore.lmfst.LmArc;
import moglm.rescore.lmfst.OnDemandLm;
import moglm.rescore.neural.LmState;
import moglm.rescore.neural.NeuralLm;

/**
 * N-best rescoring with the semantics of Kaldi's {@code rnnlm/lmrescore_nbest.sh}:
 * <pre>
 *   new graph cost = graph cost - weight * oldLm(words) + weight * newLm(words)
 * </pre>
 * where oldLm is -ln P(w1..wn &lt;/s&gt;) under the old n-gram (which is part of the graph cost) and
 * newLm the same under the neural LM with exact histories. Acoustic costs are unchanged.
 *
 * <p>The hypotheses of one utterance share prefixes, so they are scored as a prefix tree: the
 * neural LM runs in a session with exact histories ({@code maxNgramOrder <= 0}), where equal
 * prefixes are one state, and word position t of every hypothesis is scored in one batched call
 * (one network call per position: the states of all distinct prefixes of length t).
 */
public final class NbestRescorer {
    private final NeuralLm newLm;
    private final double weight;

    /**
     * @param newLm  the neural LM; it must use exact histories (maxNgramOrder &lt;= 0)
     * @param weight the interpolation weight w (Kaldi {@code --weight}), 0..1 typically
     */
    public NbestRescorer(NeuralLm newLm, double weight) {
        if (newLm.maxNgramOrder() > 0)
            throw new IllegalArgumentException("n-best rescoring needs exact histories: build the NeuralLm with maxNgramOrder <= 0");
        this.newLm = newLm;
        this.weight = weight;
    }

    /** -ln P(words &lt;/s&gt;) under an on-demand LM (a fresh one per call). */
    public static double sentenceCost(OnDemandLm lm, int[] words) {
        LmArc arc = new LmArc();
        int s = lm.start();
        double cost = 0;
        for (int w : words) {
            if (!lm.arc(s, w, arc)) return Double.POSITIVE_INFINITY;
            cost += arc.cost;
            s = arc.next;
        }
        return cost + lm.finalCost(s);
    }

    /** -ln P(words &lt;/s&gt;) under the neural LM for every hypothesis, prefix-shared and batched. */
    public double[] neuralCosts(List<int[]> hyps) {
        int n = hyps.size();
        double[] cost = new double[n];
        try (NeuralLm.Session session = newLm.newSession()) {
            LmState[] state = new LmState[n];
            int maxLen = 0;
            for (int i = 0; i < n; i++) {
                state[i] = session.start();
                maxLen = Math.max(maxLen, hyps.get(i).length);
            }
            LmState[] reqStates = new LmState[n];
            int[] reqWords = new int[n];
            int[] reqHyp = new int[n];
            float[] out = new float[n];
            int eos = newLm.vocabulary().kaldiId(moglm.model.Vocabulary.EOS);
            for (int t = 0; t <= maxLen; t++) {
                int m = 0;
                for (int i = 0; i < n; i++) {
                    int[] h = hyps.get(i);
                    if (t > h.length) continue;
                    reqStates[m] = state[i];
                    reqWords[m] = t < h.length ? h[t] : eos;
                    reqHyp[m++] = i;
                }
                newLm.logProbs(reqStates, reqWords, m, out);
                for (int k = 0; k < m; k++) {
                    int i = reqHyp[k];
                    cost[i] -= out[k];
                    if (t < hyps.get(i).length) state[i] = state[i].successor(reqWords[k]);
                }
            }
        }
        return cost;
    }

    /**
     * Rescored copy of one utterance's list: lm-cost replaced by the new graph cost (float, as
     * Kaldi stores it), everything else unchanged. Every hypothesis must have word ids.
     *
     * @throws IllegalArgumentException naming the hypothesis when it has no word ids or a word the
     *                                  model does not know
     */
    public UtteranceNbest rescore(UtteranceNbest list, OnDemandLm oldLm) {
        List<int[]> words = new ArrayList<>(list.hyps().size());
        for (NbestHyp h : list.hyps()) {
            if (h.wordIds() == null)
                throw new IllegalArgumentException(list.utterance() + "-" + h.rank() + ": hypothesis has no word ids (trans.int)");
            words.add(h.wordIds());
        }
        double[] neural;
        try {
            neural = neuralCosts(words);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("utterance " + list.utterance() + ": " + e.getMessage(), e);
        }
        List<NbestHyp> out = new ArrayList<>(list.hyps().size());
        for (int i = 0; i < list.hyps().size(); i++) {
            NbestHyp h = list.hyps().get(i);
            double old = sentenceCost(oldLm, h.wordIds());
            float graph = (float) (h.lmCost() - weight * old + weight * neural[i]);
            out.add(new NbestHyp(h.rank(), h.words(), h.wordIds(), graph, h.acCost(), h.score()));
        }
        return new UtteranceNbest(list.utterance(), out);
    }

    /** Index of the hypothesis with the least lm-cost + acousticScale * ac-cost (first on ties), or -1. */
    public static int best(List<NbestHyp> hyps, double acousticScale) {
        int best = -1;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int i = 0; i < hyps.size(); i++) {
            double c = hyps.get(i).lmCost() + acousticScale * (double) hyps.get(i).acCost();
            if (c < bestCost) { bestCost = c; best = i; }
        }
        return best;
    }
}

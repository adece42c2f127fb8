package moglm.rescore.nbest;

import java.util.ArrayList;
import java.util.List;
import moglm.rescore.lm.LmArc;
import moglm.rescore.lm.OnDemandLm;
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
     * @param newLm  the neural LM; it must use exact histories (maxNgramOrder <= 0)
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
            int eos = newLm.vocabulary().kaldiId(moglm.train.Vocabulary.EOS);
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

    /** Rescored copies of one utterance's hypotheses (graph cost replaced, the rest unchanged). */
    public List<NbestHyp> rescore(List<NbestHyp> hyps, OnDemandLm oldLm) {
        List<int[]> words = new ArrayList<>(hyps.size());
        for (NbestHyp h : hyps) words.add(h.words());
        double[] neural = neuralCosts(words);
        List<NbestHyp> out = new ArrayList<>(hyps.size());
        for (int i = 0; i < hyps.size(); i++) {
            NbestHyp h = hyps.get(i);
            double old = sentenceCost(oldLm, h.words());
            out.add(new NbestHyp(h.key(), h.words(), h.graphCost() - weight * old + weight * neural[i], h.acousticCost()));
        }
        return out;
    }

    /** Index of the hypothesis with the least graph + acousticScale * acoustic cost (first on ties), or -1. */
    public static int best(List<NbestHyp> hyps, double acousticScale) {
        int best = -1;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int i = 0; i < hyps.size(); i++) {
            double c = hyps.get(i).graphCost() + acousticScale * hyps.get(i).acousticCost();
            if (c < bestCost) { bestCost = c; best = i; }
        }
        return best;
    }
}

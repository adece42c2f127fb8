package moglm.kaldi.nbest;

import java.util.List;

/** The n-best hypotheses of one utterance, best (rank 1) first. */
public record UtteranceNbest(String utterance, List<NbestHyp> hyps) {}

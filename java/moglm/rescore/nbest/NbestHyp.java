package moglm.rescore.nbest;

/**
 * One n-best hypothesis as written by Kaldi's {@code nbest-to-linear}: its key ({@code utt-k}),
 * word ids, graph cost (Kaldi calls it lm-cost: LM plus any other graph costs) and acoustic cost
 * (unscaled), natural-log costs.
 */
public record NbestHyp(String key, int[] words, double graphCost, double acousticCost) {}

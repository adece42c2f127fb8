/**
 * N-best lists on disk: Kaldi {@code nbest-to-linear} style directories
 * ({@link moglm.kaldi.nbest.LinearNbestDir}: trans, trans.int, lmcost, accost keyed
 * {@code utt-k}) and ESPnet2 {@code <k>best_recog} directories
 * ({@link moglm.kaldi.nbest.EspnetNbest}), both read into per-utterance lists
 * ({@link moglm.kaldi.nbest.UtteranceNbest}) of {@link moglm.kaldi.nbest.NbestHyp}.
 *
 * <p>Depends on: {@code kaldi.score}, {@code util}.
 */
package moglm.kaldi.nbest;

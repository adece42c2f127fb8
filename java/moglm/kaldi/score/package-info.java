/**
 * Scoring exactly as Kaldi does it: {@link moglm.kaldi.score.EditDistance} (compute-wer's
 * ins/del/sub split and align-text's alignment, each with Kaldi's tie rules),
 * {@link moglm.kaldi.score.ComputeWer} / {@link moglm.kaldi.score.WerStats} (compute-wer's loop
 * and output lines, float percentages printed like glibc), {@link moglm.kaldi.score.BestWer}
 * (utils/best_wer.sh), {@link moglm.kaldi.score.WerDetails} and
 * {@link moglm.kaldi.score.BootstrapWer} (score_kaldi.sh's wer_details), and
 * {@link moglm.kaldi.score.ScoreKaldi}, the whole of steps/score_kaldi.sh.
 *
 * <pre>{@code
 * WerStats st = ComputeWer.score(new TranscriptReader(refReader, "data/test/text"), hyps::get, WerMode.PRESENT, false);
 * System.out.print(st.report());   // %WER ..., %SER ..., Scored ...
 * ScoreKaldi.run("data/test", "data/lang", "exp/tri3/decode_test", new ScoreKaldi.Options(), System.err::println);
 * }</pre>
 *
 * <p>Depends on: {@code kaldi}, {@code kaldi.lattice}, {@code kaldi.table}, {@code util}.
 */
package moglm.kaldi.score;

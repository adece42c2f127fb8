/**
 * Scoring commands: {@code compute-wer} (Kaldi's, output to the digit) and {@code score-kaldi}
 * (steps/score_kaldi.sh in one process). Built on {@code moglm.kaldi.score}.
 */
package moglm.cli.score;

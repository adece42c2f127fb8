/**
 * The rescoring commands {@code lattice-lmrescore-pruned} and {@code nbest-rescore}: Kaldi's
 * table semantics (a bad entry is reported and skipped, exit 0 when one succeeded), progress lines,
 * outputs never committed after an abort. Built on {@code moglm.rescore} and {@code moglm.kaldi}.
 */
package moglm.cli.rescore;

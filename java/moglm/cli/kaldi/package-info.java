/**
 * Kaldi's lattice tools and symbol-table scripts with Kaldi's names, options, log lines and exit
 * codes: {@code lattice-copy}, {@code lattice-scale}, {@code lattice-add-penalty},
 * {@code lattice-best-path}, {@code lattice-to-nbest}, {@code nbest-to-linear},
 * {@code lattice-oracle}, {@code lattice-prune}, {@code int2sym}, {@code sym2int}. Built on
 * {@code moglm.kaldi}; the table loop and its summary are in {@code KaldiTool} and
 * {@code LatticeTransformTool}.
 */
package moglm.cli.kaldi;

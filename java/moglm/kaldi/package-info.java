/**
 * Kaldi file formats and tools re-implemented in Java, the base of everything that reads or
 * writes Kaldi data: the words.txt symbol table ({@link moglm.kaldi.SymbolTable}, compared id by id
 * with {@link moglm.kaldi.SymbolTableDiff}) and Kaldi's
 * float formatting ({@link moglm.kaldi.KaldiFloat}). Sub-packages: {@code table} (archives and
 * specifiers), {@code lattice}, {@code ngram} (ARPA LMs), {@code nbest}, {@code score}.
 *
 * <p>Depends on: {@code util} only; {@code moglm.kaldi.*} never depends on the model, training
 * or rescoring packages.
 */
package moglm.kaldi;

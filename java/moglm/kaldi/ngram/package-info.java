/**
 * Back-off n-gram language models read from ARPA files ({@link moglm.kaldi.ngram.ArpaReader}) into a
 * compact hashed trie of primitive arrays ({@link moglm.kaldi.ngram.NgramLm}), with Kaldi/SRILM
 * back-off semantics in natural logs and a decoder-style state API: a state is the longest
 * history suffix present in the model, {@code score(state, word)} gives ln P and the next state.
 *
 * <pre>{@code
 * NgramLm lm = ArpaReader.read(Path.of("lm.arpa.gz"), SymbolTable.read(Path.of("words.txt")));
 * int s = lm.sentenceStartState();
 * for (int w : words) { long r = lm.score(s, w); cost -= NgramLm.logProbOf(r); s = NgramLm.stateOf(r); }
 * cost -= lm.logProb(s, lm.eos());
 * }</pre>
 *
 * <p>Depends on: {@code kaldi}.
 */
package moglm.kaldi.ngram;

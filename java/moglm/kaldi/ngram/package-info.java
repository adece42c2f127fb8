/**
 * Back-off n-gram language models in the formats Kaldi recipes keep them: ARPA text
 * ({@link moglm.kaldi.ngram.ArpaReader}), the OpenFst grammar {@code G.fst}
 * ({@link moglm.kaldi.ngram.OpenFstReader} → {@link moglm.kaldi.ngram.GrammarFst}) and Kaldi's
 * ConstArpaLm {@code G.carpa} ({@link moglm.kaldi.ngram.ConstArpaLmReader} →
 * {@link moglm.kaldi.ngram.ConstArpaLm}); {@link moglm.kaldi.ngram.LmFormat} tells them apart by their
 * first bytes. The binary readers validate everything before use and report bad files as
 * {@link moglm.kaldi.ngram.LmFileException} (file, byte offset, problem).
 *
 * <p>ARPA files are read ({@link moglm.kaldi.ngram.ArpaReader}) into a
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

/**
 * Back-off n-gram language models in the formats Kaldi recipes keep them: ARPA text
 * ({@link moglm.kaldi.lm.ArpaReader}), the OpenFst grammar {@code G.fst}
 * ({@link moglm.kaldi.lm.OpenFstReader} → {@link moglm.kaldi.lm.GrammarFst}) and Kaldi's
 * ConstArpaLm {@code G.carpa} ({@link moglm.kaldi.lm.ConstArpaLmReader} →
 * {@link moglm.kaldi.lm.ConstArpaLm}); {@link moglm.kaldi.lm.LmFormat} tells them apart by their
 * first bytes. The binary readers validate everything before use and report bad files as
 * {@link moglm.kaldi.lm.LmFileException} (file, byte offset, problem).
 *
 * <p>ARPA files are read ({@link moglm.kaldi.lm.ArpaReader}) into a
 * compact hashed trie of primitive arrays ({@link moglm.kaldi.lm.NgramLm}), with Kaldi/SRILM
 * back-off semantics in natural logs and a decoder-style state API: a state is the longest
 * history suffix present in the model, {@code score(state, word)} gives ln P and the next state.
 *
 * <pre>{@code
 * NgramLm lm = ArpaReader.read(Path.of("lm.arpa.gz"), SymbolTable.read(Path.of("words.txt")));
 * int s = lm.sentenceStartState();
 * for (int w : words) { long r = lm.score(s, w); cost -= NgramLm.logProbOf(r); s = NgramLm.stateOf(r); }
 * cost -= lm.logProb(s, lm.eos());
 * }</pre>
 */
package moglm.kaldi.lm;

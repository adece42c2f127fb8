package moglm.kaldi.ngram;

import java.io.IOException;

/** The tiny test G.fst of {@link TinyKaldiLms} for tests in other packages. */
public final class TinyKaldiLmsAccess {
    private TinyKaldiLmsAccess() {}

    public static GrammarFst vectorFst() throws IOException {
        return OpenFstReader.read(TinyKaldiLms.vectorFst(), "tiny-vector.fst");
    }
}

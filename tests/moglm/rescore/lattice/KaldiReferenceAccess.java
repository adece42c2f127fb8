package moglm.rescore.lattice;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import moglm.kaldi.lattice.CompactLattice;

/** Lets tests of other packages read whole lattice archives (gzip or plain) by key. */
public final class KaldiReferenceAccess {
    private KaldiReferenceAccess() {}

    public static Map<String, CompactLattice> readAll(Path archive) throws IOException {
        return KaldiReferenceRescoreTest.readAll(archive);
    }
}

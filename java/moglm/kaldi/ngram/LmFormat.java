package moglm.kaldi.ngram;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The n-gram LM file formats moglm reads, told apart by the file's first bytes (never its name). */
public enum LmFormat {
    /** ARPA text, plain or gzip ({@link ArpaReader}). */
    ARPA,
    /** OpenFst binary FST with standard arcs, e.g. Kaldi's G.fst ({@link OpenFstReader}). */
    FST,
    /** Kaldi's ConstArpaLm binary, e.g. G.carpa ({@link ConstArpaLmReader}). */
    CONST_ARPA;

    /**
     * Detects the format: OpenFst magic bytes {@code D6 FD B2 7E} → FST; Kaldi binary header
     * {@code \0B} → ConstArpaLm; anything else (gzip or text) → ARPA, whose reader then reports
     * what is wrong with it.
     */
    public static LmFormat detect(Path file) throws IOException {
        byte[] head = new byte[4];
        int n = 0;
        try (InputStream in = moglm.util.InputFiles.open(file)) {   // names a directory or a missing file
            while (n < head.length) {
                int r = in.read(head, n, head.length - n);
                if (r < 0) break;
                n += r;
            }
        }
        return detect(head, n);
    }

    /** Detects the format from the first {@code n} bytes of a file. */
    public static LmFormat detect(byte[] head, int n) {
        if (n >= 4 && (head[0] & 0xff) == 0xd6 && (head[1] & 0xff) == 0xfd && (head[2] & 0xff) == 0xb2 && (head[3] & 0xff) == 0x7e)
            return FST;
        if (n >= 2 && head[0] == 0 && head[1] == 'B') return CONST_ARPA;
        return ARPA;
    }
}

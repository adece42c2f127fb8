package moglm.kaldi.score;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import moglm.kaldi.table.Holder;
import moglm.kaldi.table.KaldiFormatException;
import moglm.kaldi.table.KaldiInput;

/**
 * Transcripts as word strings in Kaldi tables (Kaldi's {@code TokenVectorHolder}, used by
 * {@code compute-wer --text}): always text, the rest of the entry's line split on any of
 * {@code " \t\n\r\f\v"}, empty pieces dropped (so {@code "utt\n"} is an empty transcript). Words
 * must be valid UTF-8; a line that is not is reported as a bad entry and skipped. Written as
 * {@code w1 w2 \n} (each word followed by a space, as Kaldi prints), whatever the binary flag.
 */
public final class TokenVectorHolder implements Holder<String[]> {
    /** Shared instance (stateless). */
    public static final TokenVectorHolder INSTANCE = new TokenVectorHolder();

    private static final int MAX_LINE = 64 << 20;

    @Override public String[] read(KaldiInput in) throws IOException {
        long where = in.position();
        byte[] line = in.readLineBytes(MAX_LINE, "transcript");
        if (line == null) return new String[0];
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < line.length) {
            while (i < line.length && isSep(line[i])) i++;
            int start = i;
            while (i < line.length && !isSep(line[i])) i++;
            if (i > start) {
                try {
                    out.add(in.decodeUtf8(line, start, i - start, "word"));
                } catch (IOException e) {
                    throw new KaldiFormatException(in.name() + ", byte " + where + ": transcript word is not valid UTF-8", true);
                }
            }
        }
        return out.toArray(new String[0]);
    }

    private static boolean isSep(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == 0x0B;
    }

    @Override public void write(OutputStream out, boolean binary, String[] value) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String w : value) sb.append(w).append(' ');
        sb.append('\n');
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override public String typeName() {
        return "token vector";
    }
}

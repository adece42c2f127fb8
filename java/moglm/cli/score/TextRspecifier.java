package moglm.cli.score;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the text archive named by a Kaldi rspecifier for reading transcripts: {@code ark:file},
 * {@code ark,p:-} / {@code ark:-} (stdin), {@code ark:some command |} (run by {@code sh -c}, as
 * Kaldi runs it through popen). Options before the colon ({@code t}, {@code p}, {@code s},
 * {@code cs}, {@code o}) are accepted; transcripts are read fully so they change nothing here.
 */
final class TextRspecifier {
    private TextRspecifier() {}

    static BufferedReader open(String rspecifier) throws IOException {
        int colon = rspecifier.indexOf(':');
        if (colon < 0) throw new IllegalArgumentException("Invalid rspecifier " + rspecifier + " (expected ark:<file>)");
        String type = rspecifier.substring(0, colon).trim();
        String[] parts = type.split(",");
        if (!parts[0].equals("ark")) {
            throw new IllegalArgumentException("Invalid rspecifier " + rspecifier + ": only ark:<file> archives of transcripts are supported here");
        }
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].matches("t|b|p|s|cs|ns|ncs|o|no|f|nf")) {
                throw new IllegalArgumentException("Invalid rspecifier " + rspecifier + ": unknown option '" + parts[i] + "'");
            }
        }
        String target = rspecifier.substring(colon + 1).trim();
        InputStream in;
        if (target.equals("-") || target.isEmpty()) {
            in = System.in;
        } else if (target.endsWith("|")) {
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", target.substring(0, target.length() - 1));
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
            in = pb.start().getInputStream();
        } else {
            in = Files.newInputStream(Path.of(target));
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }
}

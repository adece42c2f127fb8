package moglm.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import moglm.kaldi.ngram.ArpaReader;
import moglm.kaldi.ngram.NgramLm;

/**
 * On-demand benchmark (not part of the test suite): writes a synthetic gzipped trigram ARPA with
 * ~10.1M n-grams (100k unigrams, 3M bigrams, 7M trigrams) to a temp dir, loads it through a
 * words.txt-like symbol map, and reports load time, retained heap and query speed. Given a
 * directory argument, an ARPA already written there by an earlier run is reused.
 *
 * <pre>
 * mvn -B -q test-compile
 * java -Xmx2g -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) moglm.bench.ArpaLoadBench
 * </pre>
 */
public final class ArpaLoadBench {
    static final int V = 100_000, BIGRAMS_PER_WORD = 30;

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("arpa-bench");
        Path arpa = dir.resolve("synthetic_10M.arpa.gz");
        long t0 = System.nanoTime();
        if (Files.exists(arpa)) {
            System.out.printf(Locale.ROOT, "reusing %s (%.1f MB)%n", arpa, Files.size(arpa) / 1e6);
        } else {
            long n = write(arpa);
            System.out.printf(Locale.ROOT, "wrote %s: %d n-grams, %.1f MB, %.1f s%n", arpa, n, Files.size(arpa) / 1e6,
                    (System.nanoTime() - t0) / 1e9);
        }

        Map<String, Integer> symbols = new HashMap<>();
        symbols.put("<eps>", 0);
        for (int i = 0; i < V; i++) symbols.put(word(i), i + 1);
        symbols.put("<s>", V + 1);
        symbols.put("</s>", V + 2);
        symbols.put("<unk>", V + 3);
        long before = usedHeap();
        t0 = System.nanoTime();
        NgramLm lm = ArpaReader.read(arpa, w -> symbols.getOrDefault(w, -1));
        double loadS = (System.nanoTime() - t0) / 1e9;
        long after = usedHeap();
        System.out.printf(Locale.ROOT, "loaded order %d: %d + %d + %d n-grams in %.1f s; retained heap %.0f MB (arrays %.0f MB)%n",
                lm.order(), lm.count(1), lm.count(2), lm.count(3), loadS, (after - before) / 1e6, lm.bytes() / 1e6);

        Random rnd = new Random(1);
        int queries = 10_000_000;
        double sum = 0;
        int state = lm.sentenceStartState();
        t0 = System.nanoTime();
        for (int q = 0; q < queries; q++) {
            // mostly follow listed continuations so all orders are exercised
            int w = 1 + rnd.nextInt(V);
            long r = lm.score(state, w);
            sum += NgramLm.logProbOf(r);
            state = (q % 20 == 19) ? lm.sentenceStartState() : NgramLm.stateOf(r);
        }
        double qs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%d random score() calls: %.2f s (%.0f ns/call), checksum %.3f%n", queries, qs,
                qs * 1e9 / queries, sum);
        if (lm.count(1) < 0) System.out.println(lm); // keep lm reachable until here
    }

    static String word(int i) {
        return String.format(Locale.ROOT, "w%05d", i);
    }

    static long usedHeap() {
        for (int i = 0; i < 3; i++) System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Writes the ARPA; returns the number of n-grams. */
    static long write(Path arpa) throws IOException {
        long bigrams = (long) V * BIGRAMS_PER_WORD;
        long trigrams = 0;
        for (long i = 0; i < bigrams; i++) trigrams += trigramsOf(i);
        Random rnd = new Random(7);
        try (OutputStream raw = Files.newOutputStream(arpa);
             GZIPOutputStream gz = new GZIPOutputStream(raw, 1 << 16) {{ def.setLevel(Deflater.BEST_SPEED); }};
             OutputStream out = new BufferedOutputStream(gz, 1 << 16)) {
            StringBuilder sb = new StringBuilder();
            sb.append("\\data\\\nngram 1=").append(V + 3).append("\nngram 2=").append(bigrams).append("\nngram 3=")
                    .append(trigrams).append("\n\n\\1-grams:\n");
            sb.append("-99\t<s>\t-0.5\n-1.2\t</s>\n-2.5\t<unk>\t-0.3\n");
            for (int i = 0; i < V; i++) line(sb, -(2 + rnd.nextInt(4_000_000) / 1e6), word(i), -(rnd.nextInt(1_000_000) / 1e6));
            flush(sb, out);
            sb.append("\n\\2-grams:\n");
            for (int a = 0; a < V; a++) {
                for (int j = 0; j < BIGRAMS_PER_WORD; j++) {
                    int b = successor(a, j);
                    line(sb, -(0.5 + rnd.nextInt(3_000_000) / 1e6), word(a) + " " + word(b), -(rnd.nextInt(800_000) / 1e6));
                }
                if (sb.length() > 1 << 20) flush(sb, out);
            }
            sb.append("\n\\3-grams:\n");
            for (long i = 0; i < bigrams; i++) {
                int a = (int) (i / BIGRAMS_PER_WORD), b = successor(a, (int) (i % BIGRAMS_PER_WORD));
                for (int j = 0; j < trigramsOf(i); j++) {
                    int c = (int) ((b * 31L + a * 17L + j * 7237L) % V);
                    sb.append(String.format(Locale.ROOT, "%.7f", -(0.2 + rnd.nextInt(2_000_000) / 1e6))).append('\t')
                            .append(word(a)).append(' ').append(word(b)).append(' ').append(word(c)).append('\n');
                }
                if (sb.length() > 1 << 20) flush(sb, out);
            }
            sb.append("\n\\end\\\n");
            flush(sb, out);
            return V + 3 + bigrams + trigrams;
        }
    }

    static int successor(int a, int j) {
        return (int) ((a * 7919L + j * 104729L) % V);
    }

    static int trigramsOf(long bigramIndex) {
        return 2 + (bigramIndex % 3 == 0 ? 1 : 0);
    }

    static void line(StringBuilder sb, double p, String words, double bo) {
        sb.append(String.format(Locale.ROOT, "%.7f", p)).append('\t').append(words).append('\t')
                .append(String.format(Locale.ROOT, "%.7f", bo)).append('\n');
    }

    static void flush(StringBuilder sb, OutputStream out) throws IOException {
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        sb.setLength(0);
    }
}

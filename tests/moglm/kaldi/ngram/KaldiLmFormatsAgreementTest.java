package moglm.kaldi.ngram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import moglm.kaldi.SymbolTable;
import moglm.testutil.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * G.fst and G.carpa of the LJSpeech set (made by real Kaldi, arpa2fst and arpa-to-const-arpa, from
 * lm_3gram.arpa.gz) read by moglm give the ARPA's costs: for EVERY n-gram listed in the ARPA the
 * cost -ln P(w | h) (the listed value; {@code </s>} as a final cost), and for random unlisted
 * n-grams the back-off cost, against moglm's ARPA reader.
 *
 * <p>Tolerance: the ARPA values have 7 significant digits; Kaldi parses them and converts to
 * natural logs in float as we do, so the two agree to a few float ulps (measured maximum printed
 * by the test). G.carpa stores leaf n-grams with the lowest mantissa bit cleared (one ulp).
 */
class KaldiLmFormatsAgreementTest {
    static Path root;
    static SymbolTable words;
    static NgramLm arpa;
    static GrammarFst fst;
    static ConstArpaLm carpa;

    @BeforeAll static void load() throws IOException {
        root = SharedData.require("ljspeech-asr");
        words = SymbolTable.read(root.resolve("lang/words.txt"));
        arpa = ArpaReader.read(root.resolve("lang/lm_3gram.arpa.gz"), words);
        fst = OpenFstReader.read(root.resolve("lang/G.fst"));
        carpa = ConstArpaLmReader.read(root.resolve("lang/G.carpa"));
    }

    /** Tolerance for two float conversions of one 7-digit ARPA value: 4 ulps of the value, at least 1e-6. */
    static double tol(double x) { return Math.max(1e-6, 4 * Math.ulp((float) x)); }

    /** The state of the empty history: follow back-off arcs from the start state to the end. */
    static int zerogram() {
        int s = fst.start();
        int b;
        while ((b = fst.backoffArc(s)) >= 0) s = fstNext(b);
        return s;
    }

    static int fstNext(int arc) { return fst.arcNext(arc); }

    record Ngram(int[] words, double cost) {}

    static List<Ngram> listedNgrams() throws IOException {
        List<Ngram> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(root.resolve("lang/lm_3gram.arpa.gz"))), StandardCharsets.UTF_8))) {
            String line;
            int order = 0;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("\\") && line.endsWith("-grams:")) { order = Integer.parseInt(line.substring(1, line.indexOf('-'))); continue; }
                if (order == 0 || line.isBlank() || line.startsWith("\\")) continue;
                String[] f = line.trim().split("\\s+");
                int[] ids = new int[order];
                for (int i = 0; i < order; i++) ids[i] = words.id(f[1 + i]);
                out.add(new Ngram(ids, -(float) (Double.parseDouble(f[0]) * Math.log(10))));
            }
        }
        return out;
    }

    @Test void everyListedNgramHasTheArpaCostInGfstAndGcarpa() throws IOException {
        List<Ngram> grams = listedNgrams();
        assertEquals(12617 + 97522 + 170772, grams.size());
        int bos = words.id("<s>"), eos = words.id("</s>");
        int zero = zerogram();
        float[] c = new float[1];
        double maxFst = 0, maxCarpa = 0;
        long checked = 0, pushed = 0;
        for (Ngram g : grams) {
            int[] w = g.words();
            int last = w[w.length - 1];
            if (last == bos) continue;   // <s> is never predicted (its -99 is a placeholder)
            // G.carpa
            float lpc = carpa.logProb(last, w, w.length - 1);
            double dc = Math.abs(-lpc - g.cost());
            maxCarpa = Math.max(maxCarpa, dc);
            assertTrue(dc <= tol(g.cost()), () -> "G.carpa " + java.util.Arrays.toString(w) + ": " + (-lpc) + " vs ARPA " + g.cost());
            // G.fst: walk the history from the start (<s> first) or from the empty history
            int s = w[0] == bos ? fst.start() : zero;
            for (int i = w[0] == bos ? 1 : 0; i < w.length - 1; i++) {
                s = fst.arc(s, w[i], c);
                assertTrue(s >= 0, () -> "G.fst has no arc for history " + java.util.Arrays.toString(w));
            }
            double cf;
            if (last == eos) cf = fst.finalCost(s);
            else {
                int d = fst.arc(s, last, c);
                assertTrue(d >= 0);
                cf = c[0];
            }
            double df = Math.abs(cf - g.cost());
            // arpa2fst removes states that only have a back-off arc and moves that back-off weight
            // onto the arc entering them; then the arc costs the n-gram plus its own back-off weight
            if (df > tol(g.cost()) && last != eos && w.length < arpa.order()) {
                double withBackoff = g.cost() - arpaBackoff(w);
                if (Math.abs(cf - withBackoff) <= tol(withBackoff)) { pushed++; checked++; continue; }
            }
            maxFst = Math.max(maxFst, df);
            final double cff = cf;
            assertTrue(df <= tol(g.cost()), () -> "G.fst " + java.util.Arrays.toString(w) + ": " + cff + " vs ARPA " + g.cost());
            checked++;
        }
        System.out.printf("KaldiLmFormatsAgreementTest: %d listed n-grams; max |G.fst - ARPA| = %.3g, max |G.carpa - ARPA| = %.3g; "
                + "%d G.fst arcs carry their n-gram's own back-off weight (redundant states removed by arpa2fst)%n",
                checked, maxFst, maxCarpa, pushed);
    }

    /** ln back-off weight of a listed n-gram of order < N (0 when not listed), from the ARPA reader. */
    static double arpaBackoff(int[] w) {
        int s = NgramLm.EMPTY_STATE;
        for (int x : w) s = arpa.nextState(s, x);
        return NgramLm.stateOrder(s) == w.length ? arpa.backoffWeight(s) : 0;
    }

    @Test void randomUnlistedNgramsBackOffAsTheArpa() {
        Random rnd = new Random(7);
        int bos = words.id("<s>"), eos = words.id("</s>");
        int nw = 12615;
        int zero = zerogram();
        float[] c = new float[1];
        double maxFst = 0, maxCarpa = 0;
        for (int t = 0; t < 50000; t++) {
            int[] h = new int[2];
            h[0] = t % 5 == 0 ? bos : 1 + rnd.nextInt(nw);
            h[1] = 1 + rnd.nextInt(nw);
            int w = t % 7 == 0 ? eos : 1 + rnd.nextInt(nw);
            // ARPA
            int s = h[0] == bos ? arpa.sentenceStartState() : arpa.nextState(NgramLm.EMPTY_STATE, h[0]);
            s = arpa.nextState(s, h[1]);
            double expected = -arpa.logProb(s, w);
            // G.carpa
            double dc = Math.abs(-carpa.logProb(w, h, 2) - expected);
            maxCarpa = Math.max(maxCarpa, dc);
            // G.fst
            int f = h[0] == bos ? fst.start() : fst.arc(zero, h[0], c);
            float pre = h[0] == bos ? 0f : c[0];
            f = fst.arc(f, h[1], c);
            double cf;
            if (w == eos) cf = fst.finalCost(f);
            else { fst.arc(f, w, c); cf = c[0]; }
            double df = Math.abs(cf - expected);
            maxFst = Math.max(maxFst, df);
            final int tt = t;
            assertTrue(dc <= 1e-5 * Math.max(1, expected), () -> "G.carpa case " + tt + " " + java.util.Arrays.toString(h) + " " + w + ": " + dc);
            assertTrue(df <= 1e-5 * Math.max(1, expected), () -> "G.fst case " + tt + " " + java.util.Arrays.toString(h) + " " + w + ": " + df);
            assertTrue(pre >= 0);
        }
        System.out.printf("KaldiLmFormatsAgreementTest: 50000 random 3-gram lookups; max |G.fst - ARPA| = %.3g, max |G.carpa - ARPA| = %.3g%n", maxFst, maxCarpa);
    }
}

package moglm.cli.kaldi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import moglm.cli.Main;
import moglm.kaldi.SymbolTable;
import moglm.kaldi.lattice.BestPath;
import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.lattice.CompactLatticeHolder;
import moglm.kaldi.lattice.LatticeOracle;
import moglm.kaldi.lattice.LatticeScale;
import moglm.kaldi.table.SequentialTableReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kaldi-named tools run end to end on the committed LJSpeech fixture (lattices/ljspeech-dev20). */
class KaldiToolsTest {
    static final Path FIX = Paths.get("lattices/ljspeech-dev20");
    @TempDir Path tmp;

    /** Runs a tool; returns exit status and captured standard error. */
    record Run(int status, String stderr) { }

    static Run run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int status = Main.commandLine().execute(args);
            return new Run(status, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    static byte[] gunzip(Path p) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            return in.readAllBytes();
        }
    }

    static Map<String, String> lines(Path p) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : Files.readAllLines(p)) {
            String t = l.strip();
            int sp = t.indexOf(' ');
            m.put(sp < 0 ? t : t.substring(0, sp), sp < 0 ? "" : t.substring(sp + 1).strip());
        }
        return m;
    }

    @Test void latticeCopyConvertsBinaryToTextAndBackExactly() throws IOException {
        Path txt = tmp.resolve("t.ark"), bin = tmp.resolve("b.ark");
        Run r = run("lattice-copy", "ark:gunzip -c " + FIX.resolve("lat.1.gz") + "|", "ark,t:" + txt);
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("LOG (moglm lattice-copy) Done 20 lattices, failed for 0"), r.stderr());
        r = run("lattice-copy", "ark:" + txt, "ark:" + bin);
        assertEquals(0, r.status(), r.stderr());
        assertArrayEquals(gunzip(FIX.resolve("lat.1.gz")), Files.readAllBytes(bin));
        String given = new String(gunzip(FIX.resolve("lat_text.1.gz")), StandardCharsets.US_ASCII);
        assertEquals(given.replaceAll("(?m)^(LJ\\S+)\n", "$1 \n"), Files.readString(txt));
        // Kaldi's 6-digit text floats on request
        Path k = tmp.resolve("k.ark");
        assertEquals(0, run("lattice-copy", "--kaldi-text-floats", "ark:" + bin, "ark,t:" + k).status());
        assertTrue(Files.readString(k).startsWith("LJ001-0001 \n0\t1\t9584\t13.1634,252.957,\n"));
    }

    @Test void latticeCopySubsetsAndNonCompactOutput() throws IOException {
        Path keys = tmp.resolve("keys"), out = tmp.resolve("sub.ark"), lat = tmp.resolve("lat.ark"), back = tmp.resolve("back.ark");
        Files.writeString(keys, "LJ001-0003\nLJ001-0007 extra fields ignored\n");
        assertEquals(0, run("lattice-copy", "--include=" + keys, "ark:" + FIX.resolve("lat.1.gz"), "ark:" + out).status());
        assertEquals(List.of("LJ001-0003", "LJ001-0007"), new ArrayList<>(read("ark:" + out).keySet()));
        assertEquals(0, run("lattice-copy", "--exclude=" + keys, "ark:" + FIX.resolve("lat.1.gz"), "ark:" + out).status());
        assertEquals(18, read("ark:" + out).size());
        assertEquals(0, run("lattice-copy", "--write-compact=false", "ark:" + FIX.resolve("lat.1.gz"), "ark:" + lat).status());
        assertEquals(0, run("lattice-copy", "ark:" + lat, "ark:" + back).status());
        Map<String, CompactLattice> orig = read("ark:" + FIX.resolve("lat.1.gz")), again = read("ark:" + back);
        for (String key : orig.keySet()) {
            assertEquals(orig.get(key).numArcs(), again.get(key).numArcs(), key);
            // same best cost (the states were renumbered, so an exact tie may pick another path)
            var x = BestPath.linear(orig.get(key));
            var y = BestPath.linear(again.get(key));
            assertEquals((double) x.graphCost() + x.acousticCost(), (double) y.graphCost() + y.acousticCost(), 1e-3, key);
        }
    }

    @Test void scoreKaldiPipelineThroughTheTools() throws IOException {
        Path scaled = tmp.resolve("s.ark"), pen = tmp.resolve("p.ark"), tra = tmp.resolve("tra"), ali = tmp.resolve("ali");
        assertEquals(0, run("lattice-scale", "--inv-acoustic-scale=10", "ark:" + FIX.resolve("lat.1.gz"), "ark:" + scaled).status());
        assertEquals(0, run("lattice-add-penalty", "--word-ins-penalty=0.0", "ark:" + scaled, "ark:" + pen).status());
        Run r = run("lattice-best-path", "--word-symbol-table=" + FIX.resolve("words.txt"), "ark:" + pen, "ark,t:" + tra, "ark,t:" + ali);
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("LOG (moglm lattice-best-path) For utterance LJ001-0001, best cost "), r.stderr());
        assertTrue(r.stderr().contains("\nLJ001-0002 in being comparatively modern \n"), r.stderr());
        assertTrue(r.stderr().contains("Done 20 lattices, failed for 0"));
        assertTrue(Files.readString(tra).startsWith("LJ001-0001 9682 5740 11339 "));
        assertTrue(Files.readString(tra).contains(" \n"), "Kaldi text vectors end with a space");
        // the best path at acoustic scale 0.1 is rank 1 of the 100-best lists made from these lattices
        Map<String, String> ours = lines(tra);
        for (String l : Files.readAllLines(FIX.resolve("nbest10.trans.int"))) {
            String[] f = l.split(" ", 2);
            if (f[0].endsWith("-1") && !f[0].endsWith("-10")) assertEquals(f[1], ours.get(f[0].substring(0, f[0].length() - 2)), f[0]);
        }
        // int2sym
        Path words = tmp.resolve("words.out");
        Run m = runInt2Sym(tra, words);
        assertEquals(0, m.status(), m.stderr());
        assertTrue(Files.readString(words).contains("LJ001-0002 in being comparatively modern \n"));
    }

    static Run runInt2Sym(Path in, Path out) throws IOException {
        return runMapper("int2sym -f 2- " + FIX.resolve("words.txt") + " " + in, out);
    }

    static Run runMapper(String args, Path out) throws IOException {
        // int2sym/sym2int write to the process's standard output, so they run in a child JVM with a shell redirect
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "java -cp \"" + System.getProperty("java.class.path") + "\" moglm.cli.Main "
                + args + " > " + out);
        pb.redirectErrorStream(true);
        try {
            Process p = pb.start();
            String err = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Run(p.waitFor(), err);
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    @Test void arkScpThenRandomOrderScpRead() throws IOException {
        Path ark = tmp.resolve("l.ark"), scp = tmp.resolve("l.scp"), subset = tmp.resolve("sub.scp"), out = tmp.resolve("o.ark");
        assertEquals(0, run("lattice-copy", "ark:" + FIX.resolve("lat.1.gz"), "ark,scp:" + ark + "," + scp).status());
        List<String> scpLines = Files.readAllLines(scp);
        assertEquals(20, scpLines.size());
        assertTrue(scpLines.get(0).equals("LJ001-0001 " + ark + ":11"), scpLines.get(0));
        Files.write(subset, List.of(scpLines.get(5), scpLines.get(2), scpLines.get(19)));
        assertEquals(0, run("lattice-copy", "scp:" + subset, "ark:" + out).status());
        Map<String, CompactLattice> orig = read("ark:" + FIX.resolve("lat.1.gz")), got = read("ark:" + out);
        assertEquals(List.of("LJ001-0006", "LJ001-0003", "LJ001-0020"), new ArrayList<>(got.keySet()));
        for (String k : got.keySet()) assertTrue(orig.get(k).sameAs(got.get(k)), k);
    }

    @Test void standardInputAndOutputInAPipeline() throws IOException, InterruptedException {
        Path out = tmp.resolve("out.txt");
        String java = "java -cp \"" + System.getProperty("java.class.path") + "\" moglm.cli.Main ";
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "gunzip -c " + FIX.resolve("lat.1.gz") + " | " + java
                + "lattice-scale --acoustic-scale=0.1 ark:- ark:- | " + java + "lattice-best-path ark:- ark,t:- > " + out);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), log);
        assertTrue(log.contains("LOG (moglm lattice-scale) Done 20 lattices, failed for 0"), log);
        Map<String, String> best = lines(out);
        assertEquals(20, best.size());
        assertEquals(lines(FIX.resolve("nbest10.trans.int")).get("LJ001-0004-1"), best.get("LJ001-0004"));
    }

    @Test void int2symRejectsUnknownIds() throws IOException {
        Path in = tmp.resolve("in"), out = tmp.resolve("out");
        Files.writeString(in, "utt 2 99999\n");
        Run r = runInt2Sym(in, out);
        assertEquals(1, r.status());
        assertTrue(r.stderr().contains(":1: undefined symbol 99999 (in position 3)"), r.stderr());
    }

    @Test void sym2intMapsOovsWhenAsked() throws IOException {
        Path in = tmp.resolve("text"), out = tmp.resolve("int");
        Files.writeString(in, "u1 in being zzzunknown modern\n");
        Run r = runMapper("sym2int -f 2- " + FIX.resolve("words.txt") + " " + in, out);
        assertEquals(1, r.status());
        assertTrue(r.stderr().contains(":1: undefined symbol zzzunknown (in position 4)"), r.stderr());
        r = runMapper("sym2int --map-oov '<unk>' -f 2- " + FIX.resolve("words.txt") + " " + in, out);
        assertEquals(0, r.status(), r.stderr());
        assertEquals("u1 5740 1115 1 7271\n", Files.readString(out));
    }

    @Test void nbestToolsReproduceTheFixtureLists() throws IOException {
        Path nbest = tmp.resolve("nbest.ark"), ali = tmp.resolve("ali"), tra = tmp.resolve("tra"), lm = tmp.resolve("lm"), ac = tmp.resolve("ac");
        Run r = run("lattice-to-nbest", "--n=10", "--acoustic-scale=0.1", "ark:" + FIX.resolve("lat.1.gz"), "ark:" + nbest);
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("Done applying N-best algorithm to 20 lattices with n = 10, average actual #paths is 10"), r.stderr());
        r = run("nbest-to-linear", "ark:" + nbest, "ark,t:" + ali, "ark,t:" + tra, "ark,t:" + lm, "ark,t:" + ac);
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("Done 200 n-best entries, 0 had errors."), r.stderr());
        assertEquals(lines(FIX.resolve("nbest10.trans.int")), lines(tra));
        Map<String, String> ourLm = lines(lm), ourAc = lines(ac);
        Map<String, String> refLm = lines(FIX.resolve("nbest10.lmcost")), refAc = lines(FIX.resolve("nbest10.accost"));
        assertEquals(refLm.keySet(), ourLm.keySet());
        for (String k : refLm.keySet()) {
            assertEquals(Double.parseDouble(refLm.get(k)), Double.parseDouble(ourLm.get(k)), 5e-4, k);
            assertEquals(Double.parseDouble(refAc.get(k)), Double.parseDouble(ourAc.get(k)), 5e-3, k);
        }
        assertTrue(Files.readString(lm).startsWith("LJ001-0001-1 180.1819 \n"), "7 significant digits, as Kaldi prints");
    }

    @Test void oracleToolMatchesTheLibrary() throws IOException {
        SymbolTable words = SymbolTable.read(FIX.resolve("words.txt"));
        Path ref = tmp.resolve("ref.int"), out = tmp.resolve("oracle.tra"), dist = tmp.resolve("dist"), lats = tmp.resolve("oracle.lats");
        Map<String, int[]> refs = new HashMap<>();
        StringBuilder sb = new StringBuilder();
        for (String l : Files.readAllLines(FIX.resolve("text"))) {
            String[] f = l.split("\\s+");
            int[] ids = new int[f.length - 1];
            sb.append(f[0]);
            for (int i = 1; i < f.length; i++) {
                ids[i - 1] = words.idOrOov(f[i], words.id("<unk>"));
                sb.append(' ').append(ids[i - 1]);
            }
            sb.append('\n');
            refs.put(f[0], ids);
        }
        Files.writeString(ref, sb);
        Run r = run("lattice-oracle", "--write-lattices=ark:" + lats, "ark:" + FIX.resolve("lat.1.gz"), "ark:" + ref, "ark,t:" + out, "ark,t:" + dist);
        assertEquals(0, r.status(), r.stderr());
        int total = 0, n = 0;
        for (Map.Entry<String, CompactLattice> e : read("ark:" + FIX.resolve("lat.1.gz")).entrySet()) {
            LatticeOracle.Result o = LatticeOracle.find(e.getValue(), refs.get(e.getKey()), null);
            total += o.errors();
            n += o.reference().length;
        }
        assertTrue(r.stderr().contains("LOG (moglm lattice-oracle) Overall %WER " + KaldiTool.f(100.0 * total / n) + " [ " + total + " / " + n + ", "), r.stderr());
        assertTrue(r.stderr().contains("Scored 20 lattices, 0 not present in ref."), r.stderr());
        int sum = lines(dist).values().stream().mapToInt(Integer::parseInt).sum();
        assertEquals(total, sum);
        assertEquals(20, read("ark:" + lats).size());
        assertEquals(20, lines(out).size());
    }

    @Test void pruneToolKeepsTheBestPath() throws IOException {
        Path out = tmp.resolve("pruned.ark");
        Run r = run("lattice-prune", "--acoustic-scale=0.1", "--beam=3", "ark:" + FIX.resolve("lat.1.gz"), "ark:" + out);
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("LOG (moglm lattice-prune) For utterance LJ001-0001, pruned #states from "), r.stderr());
        Map<String, CompactLattice> orig = read("ark:" + FIX.resolve("lat.1.gz")), pruned = read("ark:" + out);
        int arcsBefore = 0, arcsAfter = 0;
        for (String k : orig.keySet()) {
            CompactLattice a = orig.get(k).copy(), b = pruned.get(k).copy();
            arcsBefore += a.numArcs();
            arcsAfter += b.numArcs();
            LatticeScale.scale(a, 1.0, 0.1f);
            LatticeScale.scale(b, 1.0, 0.1f);
            assertArrayEquals(BestPath.linear(a).words(), BestPath.linear(b).words(), k);
        }
        assertTrue(arcsAfter < arcsBefore / 2, arcsAfter + " of " + arcsBefore);
    }

    /** Kaldi's exit status of a table job: 0 when at least one entry succeeded (failures counted), 1 when none did. */
    @Test void badEntriesAreSkippedAndCountedExitZeroWhenSomeSucceeded() throws IOException {
        Path in = tmp.resolve("bad.ark"), out = tmp.resolve("out.ark");
        Files.writeString(in, "a \n0\t1\t5\t1,2,\n1\n\nb \n0\t1\t5\t1,oops,\n1\n\nc \n0\t1\t6\n1\t0.5,0,\n\n");
        Run r = run("lattice-copy", "ark:" + in, "ark,t:" + out);
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("WARNING (moglm lattice-copy) bad CompactLattice for key 'b'"), r.stderr());
        assertTrue(r.stderr().contains("Done 2 lattices, failed for 1"), r.stderr());
        assertEquals("a \n0\t1\t5\t1,2,\n1\n\nc \n0\t1\t6\n1\t0.5,0,\n\n", Files.readString(out));
        Path allBad = tmp.resolve("allbad.ark");
        Files.writeString(allBad, "b \n0\t1\t5\t1,oops,\n1\n\n");
        r = run("lattice-copy", "ark:" + allBad, "ark,t:" + tmp.resolve("out2.ark"));
        assertEquals(1, r.status(), r.stderr());
        assertTrue(r.stderr().contains("LOG (moglm lattice-copy) Done 0 lattices, failed for 1"), r.stderr());
    }

    @Test void usageErrorsAndBadSpecifiers() {
        Run r = run("lattice-scale", "ark:x");
        assertEquals(1, r.status());
        assertTrue(r.stderr().contains("ERROR (moglm lattice-scale) Missing required parameter"), r.stderr());
        assertTrue(r.stderr().contains("Usage: moglm lattice-scale [options] <lattice-rspecifier> <lattice-wspecifier>"), r.stderr());
        r = run("lattice-scale", "lat.1.gz", "ark:-");
        assertEquals(1, r.status());
        assertTrue(r.stderr().contains("ERROR (moglm lattice-scale) invalid rspecifier 'lat.1.gz'"), r.stderr());
        r = run("lattice-copy", "ark:/nonexistent/lat.ark", "ark:/dev/null");
        assertEquals(1, r.status());
        assertTrue(r.stderr().contains("ERROR (moglm lattice-copy)") && r.stderr().contains("/nonexistent/lat.ark"), r.stderr());
    }

    /** An input pipe that fails after delivering its lattices aborts the job: status 1 and no output archive is committed. */
    @Test void aFailedInputPipeCommitsNoOutput() {
        Path out = tmp.resolve("piped.ark");
        Run r = run("lattice-copy", "ark:gunzip -c " + FIX.resolve("lat.1.gz") + "; exit 3|", "ark:" + out);
        assertEquals(1, r.status(), r.stderr());
        assertTrue(r.stderr().contains("ERROR (moglm lattice-copy) shell command") && r.stderr().contains("exited with status 3"), r.stderr());
        assertFalse(Files.exists(out), "partial archive committed");
    }

    static Map<String, CompactLattice> read(String rspec) throws IOException {
        Map<String, CompactLattice> m = new LinkedHashMap<>();
        try (SequentialTableReader<CompactLattice> r = new SequentialTableReader<>(rspec, CompactLatticeHolder.INSTANCE, System.err::println)) {
            while (r.next()) m.put(r.key(), r.value());
        }
        return m;
    }
}

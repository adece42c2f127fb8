package moglm.kaldi.score;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import moglm.kaldi.SymbolTable;
import moglm.kaldi.lattice.BestPath;
import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.lattice.CompactLatticeHolder;
import moglm.kaldi.lattice.LatticeScale;
import moglm.kaldi.lattice.LinearPath;
import moglm.kaldi.table.SequentialTableReader;
import moglm.util.AtomicFile;
import moglm.util.TextLines;

/**
 * Kaldi's {@code steps/score_kaldi.sh <data> <lang-or-graph> <decode-dir>} in one process,
 * writing the same files with the same bytes:
 * <ol>
 * <li>{@code scoring_kaldi/test_filt.txt}: {@code <data>/text} through the reference filter
 *     ({@code local/wer_ref_filter} or {@code local/wer_output_filter} in Kaldi; none = copy);</li>
 * <li>for each WIP (outer) and LMWT in min..max (inner), the best path of every lattice of
 *     {@code lat.*.gz} (byte order of file names, as the shell glob with LC_ALL=C) after
 *     {@code lattice-scale --inv-acoustic-scale=LMWT | lattice-add-penalty --word-ins-penalty=WIP}
 *     (acoustic scale {@code (float)(1.0/(float)LMWT)}, penalty added in float to every word arc),
 *     printed by {@code int2sym.pl} as {@code utt w1 w2 \n} (each field followed by a space) and
 *     passed through the hypothesis filter, into {@code scoring_kaldi/penalty_WIP/LMWT.txt}; an
 *     utterance whose lattice has no path is left out, as lattice-best-path does;</li>
 * <li>{@code wer_LMWT_WIP}: what {@code compute-wer --text --mode=present
 *     ark:<dir>/scoring_kaldi/test_filt.txt ark,p:- >&} writes: its echoed command line, then the
 *     %WER, %SER and Scored lines;</li>
 * <li>{@code scoring_kaldi/best_wer} by {@link BestWer} over the %WER lines in WIP-major order;</li>
 * <li>with stats (default), {@code scoring_kaldi/wer_details/}: {@code lmwt}, {@code wip} and
 *     {@link WerDetails per_utt, per_spk, ops} and {@link BootstrapWer wer_bootci} of the best
 *     setting;</li>
 * <li>removes old-style {@code wer_N}/{@code wer_NN} files as the script does.</li>
 * </ol>
 * Lattices are streamed once: each is scored at every (WIP, LMWT) before the next is read, so
 * memory holds only the hypotheses. MBR decoding ({@code --decode-mbr true}) is not supported.
 */
public final class ScoreKaldi {
    private ScoreKaldi() {}

    /** The script's options, with its defaults where the newer Kaldi recipes use them. */
    public static final class Options {
        public int minLmwt = 7;
        public int maxLmwt = 17;
        /** Penalties as written on the command line: they name the penalty_WIP directories. */
        public List<String> wordInsPenalties = List.of("0.0", "0.5", "1.0");
        /** Shell command filtering references (stdin to stdout), or null for none. */
        public String refFilterCmd;
        /** Shell command filtering hypotheses, or null for none. */
        public String hypFilterCmd;
        /** Reverse each hypothesis' words (score_kaldi.sh --reverse, for right-to-left systems). */
        public boolean reverse;
        /** 0: everything; 1: only best_wer and details from existing wer files. */
        public int stage;
        /** Write scoring_kaldi/wer_details/ (lmwt, wip, per_utt, per_spk, ops, wer_bootci). */
        public boolean stats = true;
    }

    /** What happened: the best_wer line and counts of lattices read, failed paths, bad entries. */
    public record Outcome(String bestWer, int lattices, int noPath, int badLattices) {}

    /**
     * Runs the scoring from the current directory. Directory names are kept as given: they appear
     * inside the wer files and best_wer exactly as Kaldi would print them.
     *
     * @throws IOException on missing inputs (the message names the file) or I/O failure
     */
    public static Outcome run(String dataDir, String langDir, String decodeDir, Options o, Consumer<String> log)
            throws IOException {
        return run(Paths.get("").toAbsolutePath(), dataDir, langDir, decodeDir, o, log);
    }

    /** Like {@link #run(String, String, String, Options, Consumer)}, relative names resolved against {@code workDir}. */
    public static Outcome run(Path workDir, String dataDir, String langDir, String decodeDir, Options o, Consumer<String> log)
            throws IOException {
        Path data = workDir.resolve(dataDir), dir = workDir.resolve(decodeDir);
        Path symtab = workDir.resolve(langDir).resolve("words.txt");
        for (Path f : new Path[] {symtab, dir.resolve("lat.1.gz"), data.resolve("text")}) {
            if (!Files.isRegularFile(f)) throw new IOException("score_kaldi: no such file " + f);
        }
        if (o.minLmwt > o.maxLmwt) throw new IllegalArgumentException("--min-lmwt " + o.minLmwt + " > --max-lmwt " + o.maxLmwt);
        if (o.wordInsPenalties.isEmpty()) throw new IllegalArgumentException("no word insertion penalty given");
        log.accept("score_kaldi: scoring with word insertion penalty=" + String.join(",", o.wordInsPenalties));
        Path scoring = dir.resolve("scoring_kaldi");
        Files.createDirectories(scoring);
        Path textFile = data.resolve("text");
        String ref = filter(Files.readAllBytes(textFile), textFile.toString(), o.refFilterCmd, "reference filter");
        AtomicFile.write(scoring.resolve("test_filt.txt"), ref.getBytes(StandardCharsets.UTF_8));

        int nW = o.wordInsPenalties.size(), nL = o.maxLmwt - o.minLmwt + 1;
        int lattices = 0, noPath = 0, bad = 0;
        if (o.stage <= 0) {
            SymbolTable words = SymbolTable.read(symtab);
            float[] penalty = new float[nW];
            for (int i = 0; i < nW; i++) penalty[i] = kaldiFloat(o.wordInsPenalties.get(i), "--word-ins-penalty");
            float[] acwt = new float[nL];
            for (int j = 0; j < nL; j++) {
                float inv = kaldiFloat(Integer.toString(o.minLmwt + j), "LMWT");
                acwt[j] = (float) (1.0 / inv); // lattice-scale: BaseFloat acoustic_scale = 1.0 / inv_acoustic_scale
            }
            StringBuilder[][] hyps = new StringBuilder[nW][nL];
            for (StringBuilder[] row : hyps) for (int j = 0; j < nL; j++) row[j] = new StringBuilder();
            for (Path latFile : latticeFiles(dir)) {
                String rspec = "ark:gunzip -c " + shellQuote(latFile.toString()) + "|";
                try (SequentialTableReader<CompactLattice> r = new SequentialTableReader<>(rspec, CompactLatticeHolder.INSTANCE,
                        m -> log.accept("WARNING: " + m))) {
                    while (r.next()) {
                        lattices++;
                        for (int i = 0; i < nW; i++) {
                            for (int j = 0; j < nL; j++) {
                                CompactLattice lat = r.value().copy();
                                LatticeScale.scale(lat, 1.0, acwt[j]);
                                LatticeScale.addWordInsertionPenalty(lat, penalty[i]);
                                LinearPath best = BestPath.linear(lat);
                                if (best == null) {
                                    if (i == 0 && j == 0) noPath++;
                                    log.accept("WARNING: Best-path failed for key " + r.key() + " (LMWT " + (o.minLmwt + j)
                                            + ", WIP " + o.wordInsPenalties.get(i) + ")");
                                    continue;
                                }
                                appendInt2Sym(hyps[i][j], r.key(), best.words(), words, o.reverse);
                            }
                        }
                    }
                    bad += r.failed();
                }
            }
            List<Transcript> refs = readAll(ref, "test_filt.txt");
            String testFiltArg = "ark:" + decodeDir + "/scoring_kaldi/test_filt.txt";
            String echo = "compute-wer --text --mode=present " + CommandLineEcho.escape(testFiltArg) + " ark,p:- \n";
            for (int i = 0; i < nW; i++) {
                String wip = o.wordInsPenalties.get(i);
                Path penDir = scoring.resolve("penalty_" + wip);
                Files.createDirectories(penDir);
                for (int j = 0; j < nL; j++) {
                    int lmwt = o.minLmwt + j;
                    String hyp = filter(hyps[i][j].toString().getBytes(StandardCharsets.UTF_8),
                            "the best paths at LMWT " + lmwt + ", WIP " + wip, o.hypFilterCmd, "hypothesis filter");
                    hyps[i][j] = null;
                    AtomicFile.write(penDir.resolve(lmwt + ".txt"), hyp.getBytes(StandardCharsets.UTF_8));
                    Map<String, String[]> hypMap = TranscriptReader.readAll(new BufferedReader(new StringReader(hyp)),
                            penDir.resolve(lmwt + ".txt").toString());
                    WerStats stats = ComputeWer.score(refs.iterator(), hypMap::get, WerMode.PRESENT, false);
                    AtomicFile.write(dir.resolve("wer_" + lmwt + "_" + wip), (echo + stats.report()).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        // stage 1: best_wer from the wer files (grep WER $dir/wer_LMWT_WIP /dev/null | best_wer.sh)
        List<BestWer.Candidate> cands = new ArrayList<>();
        for (String wip : o.wordInsPenalties) {
            for (int lmwt = o.minLmwt; lmwt <= o.maxLmwt; lmwt++) {
                String name = "wer_" + lmwt + "_" + wip;
                Path f = dir.resolve(name);
                if (!Files.exists(f)) throw new IOException("score_kaldi: no such file " + f + " (run from stage 0)");
                try (TextLines lines = TextLines.open(f)) {
                    for (String line; (line = lines.next()) != null; ) {
                        if (line.contains("WER")) cands.add(new BestWer.Candidate(decodeDir + "/" + name, line));
                    }
                }
            }
        }
        String best = BestWer.select(cands);
        AtomicFile.write(scoring.resolve("best_wer"), (best + "\n").getBytes(StandardCharsets.UTF_8));
        if (o.stats) {
            String file = best.substring(best.lastIndexOf(' ') + 1);
            String[] parts = file.split("_");
            Path details = scoring.resolve("wer_details");
            Files.createDirectories(details);
            String bestLmwt = parts[parts.length - 2], bestWip = parts[parts.length - 1];
            AtomicFile.write(details.resolve("lmwt"), (bestLmwt + "\n").getBytes(StandardCharsets.UTF_8));
            AtomicFile.write(details.resolve("wip"), (bestWip + "\n").getBytes(StandardCharsets.UTF_8));
            Path bestHyp = scoring.resolve("penalty_" + bestWip).resolve(bestLmwt + ".txt");
            Map<String, String[]> hypMap;
            try (TextLines r = TextLines.open(bestHyp)) {
                hypMap = TranscriptReader.readAll(r);
            } catch (UncheckedIOException e) {
                throw e.getCause();   // names the file and line
            }
            List<WerDetails.UttAlignment> al = WerDetails.align(readAll(ref, "test_filt.txt"), hypMap::get);
            AtomicFile.write(details.resolve("per_utt"), WerDetails.perUtt(al).getBytes(StandardCharsets.UTF_8));
            Path utt2spk = data.resolve("utt2spk");
            if (Files.isRegularFile(utt2spk)) {
                AtomicFile.write(details.resolve("per_spk"), WerDetails.perSpk(al, readUtt2Spk(utt2spk)).getBytes(StandardCharsets.UTF_8));
            } else {
                log.accept("WARNING: no " + utt2spk + ": wer_details/per_spk not written");
            }
            AtomicFile.write(details.resolve("ops"), WerDetails.ops(al).getBytes(StandardCharsets.UTF_8));
            String bootci = BootstrapWer.report(readAll(ref, "test_filt.txt").iterator(), hypMap::get, WerMode.PRESENT, 10000);
            AtomicFile.write(details.resolve("wer_bootci"), bootci.getBytes(StandardCharsets.UTF_8));
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                if (p.getFileName().toString().matches("wer_[^/]{1,2}") && Files.isRegularFile(p)) Files.delete(p);
            }
        }
        log.accept(best);
        return new Outcome(best, lattices, noPath, bad);
    }

    private static Map<String, String> readUtt2Spk(Path file) throws IOException {
        Map<String, String> m = new java.util.HashMap<>();
        try (TextLines lines = TextLines.open(file)) {
            for (String line; (line = lines.next()) != null; ) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 1 && f[0].isEmpty()) continue;
                if (f.length != 2) {
                    throw new IOException(file + ":" + lines.lineNumber() + ": expected '<utt> <speaker>', found '" + line + "'");
                }
                m.put(f[0], f[1]);
            }
        }
        return m;
    }

    /** The lattice archives {@code lat.*.gz}, sorted by the bytes of their names (C-locale glob). */
    static List<Path> latticeFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("lat.") && n.endsWith(".gz") && n.length() > 7 && Files.isRegularFile(p);
            }).sorted((a, b) -> compareBytes(a.getFileName().toString(), b.getFileName().toString())).toList();
        }
    }

    private static int compareBytes(String a, String b) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8), y = b.getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.compareUnsigned(x, y);
    }

    /** int2sym.pl -f 2- output: every field followed by one space, then a newline. */
    static void appendInt2Sym(StringBuilder sb, String key, int[] wordIds, SymbolTable words, boolean reverse) {
        sb.append(key).append(' ');
        for (int k = 0; k < wordIds.length; k++) {
            int id = wordIds[reverse ? wordIds.length - 1 - k : k];
            String w = words.symbol(id);
            if (w == null) throw new IllegalArgumentException("int2sym: integer " + id + " not in symbol table (utterance " + key + ")");
            sb.append(w).append(' ');
        }
        sb.append('\n');
    }

    /** A number as Kaldi's option parser reads a BaseFloat: strtod, then rounded to float. */
    static float kaldiFloat(String s, String what) {
        try {
            return (float) Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + what + " value '" + s + "'");
        }
    }

    private static List<Transcript> readAll(String text, String name) {
        List<Transcript> out = new ArrayList<>();
        TranscriptReader r = new TranscriptReader(new BufferedReader(new StringReader(text)), name);
        while (r.hasNext()) out.add(r.next());
        return out;
    }

    /**
     * Runs {@code cmd} through {@code sh -c} with {@code input} (the text of the file {@code name})
     * on stdin; null cmd = identity. Input and output must be UTF-8: else an error naming the
     * file (or the filter's output of it) and the line.
     */
    static String filter(byte[] input, String name, String cmd, String what) throws IOException {
        String text = TextLines.decodeExact(input, name);
        if (cmd == null || cmd.isBlank() || cmd.equals("cat")) return text;
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        Thread feeder = new Thread(() -> {
            try (OutputStream os = p.getOutputStream()) {
                os.write(input);
            } catch (IOException ignored) {
                // the filter closed its input early; its exit status tells
            }
        });
        feeder.start();
        byte[] out;
        try (InputStream is = p.getInputStream()) {
            out = is.readAllBytes();
        }
        try {
            feeder.join();
            int rc = p.waitFor();
            if (rc != 0) throw new IOException(what + " '" + cmd + "' failed with exit status " + rc);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + " interrupted");
        }
        return TextLines.decodeExact(out, "the output of the " + what + " '" + cmd + "' on " + name);
    }

    /** Single-quotes a path for {@code sh -c}. */
    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}

package moglm.cli.kaldi;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Set;
import moglm.kaldi.SymbolTable;
import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.lattice.CompactLatticeHolder;
import moglm.kaldi.lattice.LatticeOracle;
import moglm.kaldi.table.IntHolder;
import moglm.kaldi.table.IntVectorHolder;
import moglm.kaldi.table.RandomAccessTableReader;
import moglm.kaldi.table.SequentialTableReader;
import moglm.kaldi.table.TableWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code moglm lattice-oracle}: Kaldi's lattice-oracle, computed exactly by dynamic programming
 * over (lattice state, reference position) ({@link LatticeOracle}). Writes the oracle word
 * sequences, optionally the edit distances and the oracle paths as lattices, and prints Kaldi's
 * per-utterance and overall {@code %WER} lines.
 */
@Command(name = "lattice-oracle",
        customSynopsis = "moglm lattice-oracle [options] <test-lattice-rspecifier> <reference-rspecifier> <transcriptions-wspecifier> [<edit-distance-wspecifier>]",
        description = {"Find the path having the smallest edit distance between a lattice and a reference word sequence.",
                "The --write-lattices option writes out the optimal path as a lattice."},
        footer = {"moglm lattice-oracle \"ark:gunzip -c lat.1.gz|\" 'ark:utils/sym2int.pl -f 2- words.txt data/test/text|' ark,t:-"})
public final class LatticeOracleCommand extends KaldiTool {
    @Parameters(index = "0", paramLabel = "<test-lattice-rspecifier>") String in;
    @Parameters(index = "1", paramLabel = "<reference-rspecifier>") String refIn;
    @Parameters(index = "2", paramLabel = "<transcriptions-wspecifier>") String transOut;
    @Parameters(index = "3", arity = "0..1", paramLabel = "<edit-distance-wspecifier>") String editOut;

    @Option(names = "--word-symbol-table", paramLabel = "FILE", description = "Symbol table for words [for debug output].")
    String wordSymbolTable;
    @Option(names = "--wildcard-symbols", paramLabel = "LIST", description = "Colon-separated list of integer ids of symbols that don't count as errors.")
    String wildcardSymbols = "";
    @Option(names = "--write-lattices", paramLabel = "WSPECIFIER", description = "If supplied, write the lattice that contains only the oracle path to the given wspecifier.")
    String latsOut;

    @Override protected int run() throws IOException {
        SymbolTable words = wordSymbolTable != null ? SymbolTable.read(Paths.get(wordSymbolTable)) : null;
        Set<Integer> wild = new HashSet<>();
        if (!wildcardSymbols.isEmpty()) {
            for (String t : wildcardSymbols.split(":")) {
                try {
                    wild.add(Integer.parseInt(t.strip()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Expected colon-separated list of integers for --wildcard-symbols option, got: " + wildcardSymbols);
                }
            }
        }
        RandomAccessTableReader<int[]> refs = new RandomAccessTableReader<>(refIn, IntVectorHolder.INSTANCE, log::warn);
        int done = 0, failed = 0, notPresent = 0;
        long totIns = 0, totDel = 0, totSub = 0, totWords = 0;
        TableWriter<int[]> trans = null;
        TableWriter<Integer> edit = null;
        TableWriter<CompactLattice> lats = null;
        try (SequentialTableReader<CompactLattice> r = new SequentialTableReader<>(in, CompactLatticeHolder.INSTANCE, log::warn)) {
            try {
                trans = new TableWriter<>(transOut, IntVectorHolder.INSTANCE);
                if (editOut != null && !editOut.isEmpty()) edit = new TableWriter<>(editOut, IntHolder.INSTANCE);
                if (latsOut != null && !latsOut.isEmpty()) lats = new TableWriter<>(latsOut, latticeWriterHolder());
                while (r.next()) {
                    String key = r.key();
                    log.raw("Lattice " + key + " read.\n");
                    int[] ref = refs.value(key);
                    if (ref == null) {
                        log.warn("No reference present for utterance " + key);
                        notPresent++;
                        failed++;
                        continue;
                    }
                    LatticeOracle.Result o;
                    try {
                        o = LatticeOracle.find(r.value(), ref, wild::contains);
                    } catch (IllegalArgumentException e) {
                        o = null;
                        log.warn(key + ": " + moglm.util.ErrorMessages.of(e));
                    }
                    if (o == null) {
                        log.warn("Best-path failed for key " + key);
                        failed++;
                        continue;
                    }
                    int errs = o.errors(), n = o.reference().length;
                    if (edit != null) edit.write(key, errs);
                    log.log("%WER " + f(100.0 * errs / n) + " [ " + errs + " / " + n + ", " + o.insertions() + " insertions, "
                            + o.deletions() + " deletions, " + o.substitutions() + " sub ]");
                    totIns += o.insertions();
                    totDel += o.deletions();
                    totSub += o.substitutions();
                    totWords += n;
                    trans.write(key, o.words());
                    if (words != null) {
                        log.raw(key + " (oracle) " + LatticeBestPathCommand.spell(words, o.words()) + "\n"
                                + key + " (reference) " + LatticeBestPathCommand.spell(words, o.reference()) + "\n");
                    }
                    if (lats != null) lats.write(key, LatticeOracle.pathLattice(r.value(), o));
                    done++;
                }
                r.close();   // checks the input (a failed pipe is an error) before any output is committed
            } catch (IOException | RuntimeException e) {
                for (TableWriter<?> w : new TableWriter<?>[] {trans, edit, lats}) if (w != null) w.abort();
                throw e;
            }
            for (TableWriter<?> w : new TableWriter<?>[] {trans, edit, lats}) if (w != null) w.close();
            failed += r.failed();
        }
        long totErrs = totIns + totDel + totSub;
        log.log("Overall %WER " + f(100.0 * totErrs / totWords) + " [ " + totErrs + " / " + totWords + ", " + totIns
                + " insertions, " + totDel + " deletions, " + totSub + " substitutions ]");
        log.log("Scored " + done + " lattices, " + notPresent + " not present in ref.");
        return finish(done, failed);
    }
}

package moglm.cli.kaldi;

import java.io.IOException;
import java.nio.file.Paths;
import moglm.kaldi.SymbolTable;
import moglm.kaldi.lattice.BestPath;
import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.lattice.CompactLatticeHolder;
import moglm.kaldi.lattice.LatticeScale;
import moglm.kaldi.lattice.LinearPath;
import moglm.kaldi.table.IntVectorHolder;
import moglm.kaldi.table.SequentialTableReader;
import moglm.kaldi.table.TableWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code moglm lattice-best-path}: Kaldi's lattice-best-path (CompactLattice version): scale,
 * {@link BestPath} (Kaldi's CompactLatticeShortestPath), then write the word ids and the
 * transition-id alignment as int32-vector archives.
 */
@Command(name = "lattice-best-path",
        customSynopsis = "moglm lattice-best-path [options] <lattice-rspecifier> [ <transcriptions-wspecifier> [ <alignments-wspecifier> ] ]",
        description = {"Generate the 1-best path through lattices and write it as transcriptions and alignments."},
        footer = {"moglm lattice-best-path --acoustic-scale=0.1 ark:1.lats ark,t:1.tra ark:1.ali",
                "moglm lattice-best-path --word-symbol-table=words.txt ark:- ark,t:- | moglm int2sym -f 2- words.txt"})
public final class LatticeBestPathCommand extends KaldiTool {
    @Parameters(index = "0", paramLabel = "<lattice-rspecifier>") String in;
    @Parameters(index = "1", arity = "0..1", paramLabel = "<transcriptions-wspecifier>") String transOut;
    @Parameters(index = "2", arity = "0..1", paramLabel = "<alignments-wspecifier>") String aliOut;

    @Option(names = "--acoustic-scale", paramLabel = "FLOAT", description = "Scaling factor for acoustic likelihoods.")
    float acousticScale = 1.0f;
    @Option(names = "--lm-scale", paramLabel = "FLOAT", description = "Scaling factor for LM probabilities. Note: the ratio acoustic-scale/lm-scale is all that matters.")
    float lmScale = 1.0f;
    @Option(names = "--word-symbol-table", paramLabel = "FILE", description = "Symbol table for words [for debug output].")
    String wordSymbolTable;

    @Override protected int run() throws IOException {
        SymbolTable words = wordSymbolTable != null ? SymbolTable.read(Paths.get(wordSymbolTable)) : null;
        int done = 0, failed = 0;
        long frames = 0;
        float totGraph = 0f, totAcoustic = 0f;
        TableWriter<int[]> trans = null, ali = null;
        try (SequentialTableReader<CompactLattice> r = new SequentialTableReader<>(in, CompactLatticeHolder.INSTANCE, log::warn)) {
            try {
                if (transOut != null && !transOut.isEmpty()) trans = new TableWriter<>(transOut, IntVectorHolder.INSTANCE);
                if (aliOut != null && !aliOut.isEmpty()) ali = new TableWriter<>(aliOut, IntVectorHolder.INSTANCE);
                while (r.next()) {
                    String key = r.key();
                    CompactLattice lat = r.value();
                    LatticeScale.scale(lat, lmScale, acousticScale);
                    LinearPath best = BestPath.linear(lat);
                    if (best == null) {
                        log.warn("Best-path failed for key " + key);
                        failed++;
                        continue;
                    }
                    log.log("For utterance " + key + ", best cost " + f(best.graphCost()) + " + " + f(best.acousticCost())
                            + " = " + f(best.graphCost() + best.acousticCost()) + " over " + best.alignment().length + " frames.");
                    if (trans != null) trans.write(key, best.words());
                    if (ali != null) ali.write(key, best.alignment());
                    if (words != null) log.raw(key + " " + spell(words, best.words()) + "\n");
                    done++;
                    frames += best.alignment().length;
                    totGraph = totGraph + best.graphCost();
                    totAcoustic = totAcoustic + best.acousticCost();
                }
                r.close();   // checks the input (a failed pipe is an error) before any output is committed
            } catch (IOException | RuntimeException e) {
                if (trans != null) trans.abort();
                if (ali != null) ali.abort();
                throw e;
            }
            if (trans != null) trans.close();
            if (ali != null) ali.close();
            failed += r.failed();
        }
        float tot = totGraph + totAcoustic;
        log.log("Overall score per frame is " + f(tot / (float) frames) + " = " + f(totGraph / (float) frames) + " [graph] + "
                + f(totAcoustic / (float) frames) + " [acoustic] over " + frames + " frames.");
        return finish(done, failed);
    }

    /** Words followed by spaces, as Kaldi prints them; an id missing from the table is an error. */
    static String spell(SymbolTable words, int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            String s = words.symbol(id);
            if (s == null) throw new IllegalArgumentException("Word-id " + id + " not in symbol table " + words.name());
            sb.append(s).append(' ');
        }
        return sb.toString();
    }
}

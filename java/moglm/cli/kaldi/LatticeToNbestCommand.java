package moglm.cli.kaldi;

import java.io.IOException;
import java.util.List;
import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.lattice.CompactLatticeHolder;
import moglm.kaldi.lattice.LatticeNbest;
import moglm.kaldi.table.SequentialTableReader;
import moglm.kaldi.table.TableWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code moglm lattice-to-nbest}: Kaldi's lattice-to-nbest. Each lattice {@code utt} gives linear
 * lattices {@code utt-1 ... utt-N}, best first, with their original costs ({@link LatticeNbest}).
 */
@Command(name = "lattice-to-nbest",
        customSynopsis = "moglm lattice-to-nbest [options] <lattice-rspecifier> <lattice-wspecifier>",
        description = {"Work out N-best paths in lattices and write out as FSTs (keys utt-1 ... utt-N).",
                "With --unique-word-sequences (default) paths repeating an earlier word sequence are skipped;"
                + " for determinized lattices (Kaldi's) this is the same as Kaldi's n distinct paths."},
        footer = {"moglm lattice-to-nbest --acoustic-scale=0.1 --n=10 ark:1.lats ark:nbest.lats"})
public final class LatticeToNbestCommand extends KaldiTool {
    @Parameters(index = "0", paramLabel = "<lattice-rspecifier>") String in;
    @Parameters(index = "1", paramLabel = "<lattice-wspecifier>") String out;

    @Option(names = "--acoustic-scale", paramLabel = "FLOAT", description = "Scaling factor for acoustic likelihoods.")
    float acousticScale = 1.0f;
    @Option(names = "--lm-scale", paramLabel = "FLOAT", description = "Scaling factor for language model scores.")
    float lmScale = 1.0f;
    @Option(names = "--n", paramLabel = "INT", description = "Number of distinct paths.")
    int n = 1;
    @Option(names = "--unique-word-sequences", arity = "0..1", paramLabel = "BOOL",
            description = "Skip paths whose word sequence was already output.")
    boolean unique = true;

    @Override protected int run() throws IOException {
        if (n <= 0) throw new IllegalArgumentException("--n must be positive");
        if (acousticScale == 0.0f || lmScale == 0.0f) throw new IllegalArgumentException("Do not use a zero acoustic or LM scale (cannot be inverted)");
        int done = 0, failed = 0;
        long paths = 0;
        try (SequentialTableReader<CompactLattice> r = new SequentialTableReader<>(in, CompactLatticeHolder.INSTANCE, log::warn)) {
            TableWriter<CompactLattice> w = new TableWriter<>(out, latticeWriterHolder());
            try {
                while (r.next()) {
                    String key = r.key();
                    List<CompactLattice> best;
                    try {
                        best = LatticeNbest.nbest(r.value(), n, lmScale, acousticScale, unique);
                    } catch (IllegalArgumentException e) {
                        log.warn("N-best failed for utterance " + key + ": " + moglm.util.ErrorMessages.of(e));
                        failed++;
                        continue;
                    }
                    if (best.isEmpty()) {
                        log.warn("Possibly empty lattice for utterance-id " + key + "(no N-best entries)");
                        failed++;
                        continue;
                    }
                    for (int k = 0; k < best.size(); k++) w.write(key + "-" + (k + 1), best.get(k));
                    done++;
                    paths += best.size();
                }
                r.close();   // checks the input (a failed pipe is an error) before any output is committed
            } catch (IOException | RuntimeException e) {
                w.abort();
                throw e;
            }
            w.close();
            failed += r.failed();
        }
        log.log("Done applying N-best algorithm to " + done + " lattices with n = " + n + ", average actual #paths is "
                + f(paths / (done + 1.0e-20)));
        return finish(done, failed);
    }
}

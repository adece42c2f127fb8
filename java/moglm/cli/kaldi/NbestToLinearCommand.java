package moglm.cli.kaldi;

import java.io.IOException;
import moglm.kaldi.lattice.Lattice;
import moglm.kaldi.lattice.LatticeHolder;
import moglm.kaldi.lattice.LinearPath;
import moglm.kaldi.table.FloatHolder;
import moglm.kaldi.table.IntVectorHolder;
import moglm.kaldi.table.SequentialTableReader;
import moglm.kaldi.table.TableWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code moglm nbest-to-linear}: Kaldi's nbest-to-linear. For each single-path lattice writes
 * the alignment and word ids (int32-vector archives) and the LM (graph) and acoustic costs
 * (BaseFloat archives, text with 7 significant digits like Kaldi).
 */
@Command(name = "nbest-to-linear",
        customSynopsis = "moglm nbest-to-linear [options] <nbest-rspecifier> <alignments-wspecifier> [<transcriptions-wspecifier> [<lm-cost-wspecifier> [<ac-cost-wspecifier>]]]",
        description = {"Convert linear lattices (n-best entries, one path each) to up to 4 archives: alignments, transcriptions, LM costs and acoustic costs.",
                "Use ark:/dev/null for unwanted outputs."},
        footer = {"moglm lattice-to-nbest --n=10 ark:1.lats ark:- | moglm nbest-to-linear ark:- ark,t:1.ali ark,t:1.tra ark,t:1.lmcost ark,t:1.accost"})
public final class NbestToLinearCommand extends KaldiTool {
    @Parameters(index = "0", paramLabel = "<nbest-rspecifier>") String in;
    @Parameters(index = "1", paramLabel = "<alignments-wspecifier>") String aliOut;
    @Parameters(index = "2", arity = "0..1", paramLabel = "<transcriptions-wspecifier>") String transOut;
    @Parameters(index = "3", arity = "0..1", paramLabel = "<lm-cost-wspecifier>") String lmOut;
    @Parameters(index = "4", arity = "0..1", paramLabel = "<ac-cost-wspecifier>") String acOut;

    @Override protected int run() throws IOException {
        int done = 0, failed = 0;
        TableWriter<int[]> ali = null, trans = null;
        TableWriter<Float> lm = null, ac = null;
        try (SequentialTableReader<Lattice> r = new SequentialTableReader<>(in, LatticeHolder.INSTANCE, log::warn)) {
            try {
                if (!aliOut.isEmpty()) ali = new TableWriter<>(aliOut, IntVectorHolder.INSTANCE);
                if (transOut != null && !transOut.isEmpty()) trans = new TableWriter<>(transOut, IntVectorHolder.INSTANCE);
                if (lmOut != null && !lmOut.isEmpty()) lm = new TableWriter<>(lmOut, FloatHolder.INSTANCE);
                if (acOut != null && !acOut.isEmpty()) ac = new TableWriter<>(acOut, FloatHolder.INSTANCE);
                while (r.next()) {
                    String key = r.key();
                    LinearPath p = LinearPath.of(r.value());
                    if (p == null) {
                        log.warn("Lattice/nbest for key " + key + " had wrong format: note, this program expects input with one path, e.g. from lattice-to-nbest.");
                        failed++;
                        continue;
                    }
                    if (ali != null) ali.write(key, p.alignment());
                    if (trans != null) trans.write(key, p.words());
                    if (lm != null) lm.write(key, p.graphCost());
                    if (ac != null) ac.write(key, p.acousticCost());
                    done++;
                }
                r.close();   // checks the input (a failed pipe is an error) before any output is committed
            } catch (IOException | RuntimeException e) {
                for (TableWriter<?> w : new TableWriter<?>[] {ali, trans, lm, ac}) if (w != null) w.abort();
                throw e;
            }
            for (TableWriter<?> w : new TableWriter<?>[] {ali, trans, lm, ac}) if (w != null) w.close();
            failed += r.failed();
        }
        log.log("Done " + done + " n-best entries, " + failed + " had errors.");
        return finish(done, failed);
    }
}

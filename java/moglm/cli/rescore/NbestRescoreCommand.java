package moglm.cli.rescore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.lattice.CompactLatticeHolder;
import moglm.kaldi.ngram.NgramLm;
import moglm.kaldi.table.TableWriter;
import moglm.rescore.nbest.NbestLattice;
import moglm.kaldi.nbest.LinearNbestDir;
import moglm.kaldi.nbest.NbestHyp;
import moglm.kaldi.nbest.UtteranceNbest;
import moglm.rescore.lmfst.NgramOnDemandLm;
import moglm.rescore.nbest.NbestRescorer;
import moglm.rescore.neural.LoadedModel;
import moglm.rescore.neural.ModelLoader;
import moglm.model.Vocabulary;
import moglm.util.AtomicFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code moglm nbest-rescore}: n-best rescoring with Kaldi rnnlm/lmrescore_nbest.sh semantics. */
@Command(name = "nbest-rescore", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Rescores n-best lists (nbest-to-linear style directory: trans.int, lmcost, accost) with a moglm model:",
            "new lm-cost = lm-cost - lm-scale * old-LM + lm-scale * new-LM (sentence costs incl. </s>), hypotheses of an",
            "utterance scored as a prefix tree in batched network calls. Writes the same files to <nbest-out-dir> plus",
            "'text' (the 1-best transcript of each utterance at --acoustic-scale, in words).",
            "",
            "Usage: moglm nbest-rescore [options] <old-lm-arpa> <model> <nbest-in-dir> <nbest-out-dir>",
            " e.g.: moglm nbest-rescore --lm-scale=0.5 data/lang/lm_3gram.arpa.gz exp/moglm/final.mlm nbest_dev nbest_dev_moglm",
            ""})
public final class NbestRescoreCommand implements Callable<Integer> {
    @Option(names = "--lm-scale", paramLabel = "<float>", description = "Weight of the new LM; the old LM gets -lm-scale (default: ${DEFAULT-VALUE})")
    double lmScale = 0.5;

    @Option(names = "--acoustic-scale", paramLabel = "<float>", description = "Acoustic scale for choosing the 1-best (default: ${DEFAULT-VALUE})")
    double acousticScale = 0.1;

    @Option(names = "--level", paramLabel = "<level>", description = "On-demand level of the model: the sparsity of one of its stored levels, or a rank >= 1 of a nested low-rank model; see 'moglm info' (0 = dense; default: ${DEFAULT-VALUE})")
    double level = 0;

    @Option(names = "--cache-mb", paramLabel = "<int>", description = "Memory bound of the neural state cache, MiB (default: ${DEFAULT-VALUE})")
    int cacheMb = 512;

    @Option(names = "--write-lattice", paramLabel = "<wspecifier>", description = "Also write each utterance's rescored list as a CompactLattice (one path per hypothesis, costs on the final weights), for lattice scoring tools")
    String latticeWspec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this help")
    boolean help;

    @Parameters(index = "0", paramLabel = "<old-lm-arpa>") Path oldLm;
    @Parameters(index = "1", paramLabel = "<model>") Path model;
    @Parameters(index = "2", paramLabel = "<nbest-in-dir>") Path inDir;
    @Parameters(index = "3", paramLabel = "<nbest-out-dir>") Path outDir;

    @Override public Integer call() {
        try {
            return rescore();
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println("ERROR (nbest-rescore): " + moglm.util.ErrorMessages.of(e));
            return 1;
        }
    }

    private int rescore() throws java.io.IOException {
        long t0 = System.nanoTime();
        if (java.nio.file.Files.exists(outDir) && java.nio.file.Files.exists(inDir)
                && inDir.toRealPath().startsWith(outDir.toRealPath())) {
            throw new java.io.IOException("output directory " + outDir + " is or contains the input " + inDir
                    + ": it is replaced as a whole, which would delete the input; choose another output directory");
        }
        try (LoadedModel loaded = ModelLoader.load(model, moglm.level.Level.of(level), 0, (long) cacheMb << 20)) {
            Vocabulary vocab = loaded.vocabulary();
            NgramLm old = ModelLoader.loadArpa(oldLm, vocab);
            LinearNbestDir.Result read = LinearNbestDir.read(inDir);
            for (String needed : new String[] {LinearNbestDir.TRANS_INT, LinearNbestDir.LMCOST, LinearNbestDir.ACCOST}) {
                if (!java.nio.file.Files.isRegularFile(inDir.resolve(needed))) {
                    // without costs there is nothing to rescore (e.g. a directory left half-written by a killed job)
                    throw new java.io.IOException("n-best directory " + inDir + " lacks '" + needed
                            + "' (rescoring needs trans.int, lmcost and accost, as nbest-to-linear writes them)");
                }
            }
            for (String e : read.errors()) System.err.println("WARNING: nbest-rescore: " + e);
            NbestRescorer rescorer = new NbestRescorer(loaded.lm(), lmScale);
            List<UtteranceNbest> out = new ArrayList<>();
            Map<String, String> text = new LinkedHashMap<>();
            int failed = read.errors().size(), hyps = 0;
            long t1 = System.nanoTime();
            for (UtteranceNbest u : read.lists()) {
                try {
                    UtteranceNbest r = rescorer.rescore(u, new NgramOnDemandLm(old));
                    out.add(r);
                    hyps += r.hyps().size();
                    int b = NbestRescorer.best(r.hyps(), acousticScale);
                    StringBuilder sb = new StringBuilder();
                    if (b >= 0) for (int w : r.hyps().get(b).wordIds()) sb.append(sb.length() == 0 ? "" : " ").append(vocab.wordOfKaldiId(w));
                    text.put(u.utterance(), sb.toString());
                } catch (IllegalArgumentException e) {
                    System.err.println("WARNING: nbest-rescore: " + moglm.util.ErrorMessages.of(e));
                    failed++;
                }
            }
            if (latticeWspec != null) {
                try (TableWriter<CompactLattice> w = new TableWriter<>(latticeWspec, CompactLatticeHolder.INSTANCE)) {
                    for (UtteranceNbest u : out) w.write(u.utterance(), NbestLattice.of(u));
                }
            }
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, String> e : text.entrySet())
                sb.append(e.getKey()).append(e.getValue().isEmpty() ? "" : " ").append(e.getValue()).append('\n');
            // the whole directory (lists + text) is replaced at once: a kill never leaves new files beside old ones
            LinearNbestDir.write(outDir, out, LinearNbestDir.Style.PRECISE,
                    Map.of("text", sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            System.err.printf("nbest-rescore: %d hypotheses of %d utterances in %.1f s (%.1f s total), %d network calls computing %d states%n",
                    hyps, out.size(), (System.nanoTime() - t1) / 1e9, (System.nanoTime() - t0) / 1e9,
                    loaded.lm().stepCalls(), loaded.lm().stepRows());
            System.err.println("Done " + out.size() + " utterances, failed for " + failed);
            return !out.isEmpty() && failed == 0 ? 0 : 1;
        }
    }
}

package moglm.cli.rescore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import moglm.cli.common.MoglmCommand;
import moglm.cli.common.Progress;
import moglm.cli.common.ThreadsOption;
import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.lattice.CompactLatticeHolder;
import moglm.kaldi.table.TableWriter;
import moglm.rescore.nbest.NbestLattice;
import moglm.kaldi.nbest.LinearNbestDir;
import moglm.kaldi.nbest.UtteranceNbest;
import moglm.rescore.lmfst.NgramModel;
import moglm.rescore.nbest.NbestRescorer;
import moglm.rescore.neural.LoadedModel;
import moglm.model.Vocabulary;
import moglm.util.AtomicFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code moglm nbest-rescore}: n-best rescoring with Kaldi rnnlm/lmrescore_nbest.sh semantics. An
 * utterance that cannot be rescored (or a bad input entry) is reported and skipped; the exit status
 * is 0 when at least one utterance was rescored. Outputs are written only after every utterance
 * was processed, each file atomically; on an error the lattice archive is aborted.
 */
@Command(name = "nbest-rescore", sortOptions = false,
        customSynopsis = "moglm nbest-rescore [options] <old-lm> <model> <nbest-in-dir> <nbest-out-dir>",
        description = {
            "Rescore n-best lists (an nbest-to-linear style directory: trans.int, lmcost, accost) with a moglm model; <old-lm> is a G.carpa, G.fst or ARPA, detected from the file's first bytes.",
            "New lm-cost = lm-cost - lm-scale * old-LM + lm-scale * new-LM (sentence costs including </s>); the hypotheses of an"
                + " utterance are scored as a prefix tree in batched network calls. Writes the same files to <nbest-out-dir>"
                + " plus 'text' (the 1-best transcript of each utterance at --acoustic-scale, in words)."},
        footer = {"moglm nbest-rescore --lm-scale=0.5 data/lang/lm_3gram.arpa.gz exp/moglm/final.mlm nbest_dev nbest_dev_moglm"})
public final class NbestRescoreCommand extends MoglmCommand {
    @Option(names = "--lm-scale", paramLabel = "FLOAT", description = "Weight of the new LM; the old LM gets -lm-scale.")
    double lmScale = 0.5;

    @Option(names = "--acoustic-scale", paramLabel = "FLOAT", description = "Acoustic scale for choosing the 1-best.")
    double acousticScale = 0.1;

    @Mixin NeuralModelOptions neural = new NeuralModelOptions(512);

    @Option(names = "--write-lattice", paramLabel = "WSPECIFIER", description = "Also write each utterance's rescored list as a"
            + " CompactLattice (one path per hypothesis, costs on the final weights), for lattice scoring tools.")
    String latticeWspec;

    @Option(names = "--progress-every", paramLabel = "N", description = "Log progress (count, rate) every N utterances (0 = never).")
    int progressEvery = 50;

    @Mixin ThreadsOption threads = new ThreadsOption();

    @Parameters(index = "0", paramLabel = "<old-lm>") Path oldLm;
    @Parameters(index = "1", paramLabel = "<model>") Path model;
    @Parameters(index = "2", paramLabel = "<nbest-in-dir>") Path inDir;
    @Parameters(index = "3", paramLabel = "<nbest-out-dir>") Path outDir;

    @Override protected int run() throws IOException {
        threads.apply();
        long t0 = System.nanoTime();
        if (java.nio.file.Files.exists(outDir) && java.nio.file.Files.exists(inDir)
                && inDir.toRealPath().startsWith(outDir.toRealPath())) {
            throw new IOException("output directory " + outDir + " is or contains the input " + inDir
                    + ": it is replaced as a whole, which would delete the input; choose another output directory");
        }
        try (LoadedModel loaded = neural.load(model, 0)) {
            Vocabulary vocab = loaded.vocabulary();
            NgramModel old = NgramModel.load(oldLm, vocab::kaldiId);
            LinearNbestDir.Result read = LinearNbestDir.read(inDir);
            for (String needed : new String[] {LinearNbestDir.TRANS_INT, LinearNbestDir.LMCOST, LinearNbestDir.ACCOST}) {
                if (!java.nio.file.Files.isRegularFile(inDir.resolve(needed))) {
                    // without costs there is nothing to rescore (e.g. a directory left half-written by a killed job)
                    throw new IOException("n-best directory " + inDir + " lacks '" + needed
                            + "' (rescoring needs trans.int, lmcost and accost, as nbest-to-linear writes them)");
                }
            }
            for (String e : read.errors()) log.warn(e);
            NbestRescorer rescorer = new NbestRescorer(loaded.lm(), lmScale);
            List<UtteranceNbest> out = new ArrayList<>();
            Map<String, String> text = new LinkedHashMap<>();
            int failed = read.errors().size(), hyps = 0;
            Progress progress = new Progress(log, "utterances", progressEvery);
            for (UtteranceNbest u : read.lists()) {
                progress.tick();
                UtteranceNbest r;
                try {
                    r = rescorer.rescore(u, old.get());
                } catch (IllegalArgumentException e) {
                    log.warn("Failed to rescore utterance " + u.utterance() + ": " + e.getMessage());
                    failed++;
                    continue;
                }
                out.add(r);
                hyps += r.hyps().size();
                int b = NbestRescorer.best(r.hyps(), acousticScale);
                StringBuilder sb = new StringBuilder();
                if (b >= 0) for (int w : r.hyps().get(b).wordIds()) sb.append(sb.length() == 0 ? "" : " ").append(vocab.wordOfKaldiId(w));
                text.put(u.utterance(), sb.toString());
            }
            double rescoreSeconds = progress.seconds();
            if (latticeWspec != null) {
                TableWriter<CompactLattice> w = new TableWriter<>(latticeWspec, CompactLatticeHolder.INSTANCE);
                try {
                    for (UtteranceNbest u : out) w.write(u.utterance(), NbestLattice.of(u));
                } catch (IOException | RuntimeException | Error e) {
                    w.abort();   // never commit a half-written archive
                    throw e;
                }
                w.close();
            }
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, String> e : text.entrySet())
                sb.append(e.getKey()).append(e.getValue().isEmpty() ? "" : " ").append(e.getValue()).append('\n');
            // the whole directory (lists + text) is replaced at once: a kill never leaves new files beside old ones
            LinearNbestDir.write(outDir, out, LinearNbestDir.Style.PRECISE, Map.of("text", sb.toString().getBytes(StandardCharsets.UTF_8)));
            log.log(String.format(Locale.ROOT, "Rescored %d hypotheses of %d utterances in %.1f s (%.1f utterances/s, %.1f s in total),"
                            + " %d network calls computing %d states", hyps, out.size(), rescoreSeconds, out.size() / rescoreSeconds,
                    (System.nanoTime() - t0) / 1e9, loaded.lm().stepCalls(), loaded.lm().stepRows()));
            log.log("Done " + out.size() + " utterances, failed for " + failed);
            return tableStatus(out.size());
        }
    }
}

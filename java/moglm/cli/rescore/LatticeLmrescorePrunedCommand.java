package moglm.cli.rescore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import moglm.cli.common.MoglmCommand;
import moglm.cli.common.Progress;
import moglm.cli.common.ThreadsOption;
import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.lattice.CompactLatticeHolder;
import moglm.kaldi.ngram.NgramLm;
import moglm.kaldi.table.SequentialTableReader;
import moglm.kaldi.table.TableWriter;
import moglm.rescore.lattice.ComposeOptions;
import moglm.rescore.lattice.CompactLatticeConvert;
import moglm.rescore.lattice.LatticeRescorer;
import moglm.rescore.lattice.PrunedLatticeComposer;
import moglm.rescore.lattice.WordLattice;
import moglm.rescore.lmfst.NgramOnDemandLm;
import moglm.rescore.neural.LoadedModel;
import moglm.rescore.neural.ModelLoader;
import moglm.rescore.neural.NeuralLm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code moglm lattice-lmrescore-pruned}: Kaldi's lattice-lmrescore-kaldi-rnnlm-pruned with a moglm
 * model. A lattice that cannot be rescored is reported with its key and skipped; the exit status
 * is 0 when at least one lattice was rescored. On any other error the output archive is aborted
 * (its temporary file removed), never committed half-written.
 */
@Command(name = "lattice-lmrescore-pruned", sortOptions = false,
        customSynopsis = "moglm lattice-lmrescore-pruned [options] <old-lm-arpa> <model> <lattice-rspecifier> <lattice-wspecifier>",
        description = {
            "Rescore lattices with a moglm Mogrifier LM, like Kaldi's lattice-lmrescore-kaldi-rnnlm-pruned.",
            "Removes the old n-gram LM (ARPA) with weight -lm-scale and adds the neural LM with weight lm-scale, by pruned"
                + " composition (Kaldi's ComposeLatticePruned) with Kaldi's n-gram history approximation (--max-ngram-order)."},
        footer = {"moglm lattice-lmrescore-pruned --lm-scale=0.5 --max-ngram-order=4 data/lang/lm_3gram.arpa.gz exp/moglm/final.mlm"
                + " 'ark:gunzip -c exp/decode/lat.1.gz|' 'ark,t:|gzip -c >exp/decode_rescored/lat.1.gz'"})
public final class LatticeLmrescorePrunedCommand extends MoglmCommand {
    private static final ComposeOptions DEFAULTS = ComposeOptions.defaults();   // Kaldi's defaults, registered once

    @Option(names = "--lm-scale", paramLabel = "FLOAT", description = "Scaling factor for the new LM; the old LM gets -lm-scale.")
    float lmScale = 0.5f;

    @Option(names = "--acoustic-scale", paramLabel = "FLOAT", description = "Acoustic scale used in pruning.")
    double acousticScale = DEFAULTS.acousticScale();

    @Option(names = "--max-ngram-order", paramLabel = "INT", description = "Neural states are shared by their last (n-1) words; <= 0: exact histories.")
    int maxNgramOrder = 3;

    @Option(names = "--lattice-compose-beam", paramLabel = "FLOAT", description = "Beam of the pruned composition.")
    double beam = DEFAULTS.latticeComposeBeam();

    @Option(names = "--max-arcs", paramLabel = "INT", description = "Most arcs per output lattice.")
    int maxArcs = DEFAULTS.maxArcs();

    @Option(names = "--initial-num-arcs", paramLabel = "INT", description = "Arcs expanded before the first heuristic update.")
    int initialNumArcs = DEFAULTS.initialNumArcs();

    @Option(names = "--growth-ratio", paramLabel = "FLOAT", description = "Recompute the heuristic when the output grows by this factor.")
    double growthRatio = DEFAULTS.growthRatio();

    @Option(names = "--level", paramLabel = "LEVEL", description = "On-demand level of the model: the sparsity of one of its stored levels,"
            + " or a rank >= 1 of a nested low-rank model; see 'moglm info' (0 = dense).")
    double level = 0;

    @Option(names = "--cache-mb", paramLabel = "INT", description = "Memory bound of the neural state cache, MiB.")
    int cacheMb = 1024;

    @Option(names = "--progress-every", paramLabel = "N", description = "Log progress (count, rate) every N lattices (0 = never).")
    int progressEvery = 20;

    @Mixin ThreadsOption threads = new ThreadsOption();

    @Parameters(index = "0", paramLabel = "<old-lm-arpa>") Path oldLm;
    @Parameters(index = "1", paramLabel = "<model>") Path model;
    @Parameters(index = "2", paramLabel = "<lattice-rspecifier>") String rspec;
    @Parameters(index = "3", paramLabel = "<lattice-wspecifier>") String wspec;

    @Override protected int run() throws IOException {
        threads.apply();
        ComposeOptions opts = new ComposeOptions(beam, maxArcs, initialNumArcs, growthRatio, acousticScale);
        long t0 = System.nanoTime();
        try (LoadedModel loaded = ModelLoader.load(model, moglm.level.Level.of(level), maxNgramOrder, (long) cacheMb << 20)) {
            NgramLm old = ModelLoader.loadArpa(oldLm, loaded.vocabulary());
            NeuralLm neural = loaded.lm();
            LatticeRescorer rescorer = new LatticeRescorer(() -> new NgramOnDemandLm(old), neural, lmScale, opts);
            log.log(String.format(Locale.ROOT, "Loaded %s and %s in %.1f s", model, oldLm, (System.nanoTime() - t0) / 1e9));
            int done = 0, failed = 0;
            long arcsIn = 0, arcsOut = 0, statesIn = 0, statesOut = 0;
            Progress progress = new Progress(log, "lattices", progressEvery);
            try (SequentialTableReader<CompactLattice> reader = new SequentialTableReader<>(rspec, CompactLatticeHolder.INSTANCE, log::warn)) {
                TableWriter<CompactLattice> writer = new TableWriter<>(wspec, CompactLatticeHolder.INSTANCE);
                try {
                    while (reader.next()) {
                        String key = reader.key();
                        CompactLattice clat = reader.value();
                        progress.tick();
                        PrunedLatticeComposer.Result r;
                        WordLattice in;
                        try {
                            in = CompactLatticeConvert.toWordLattice(clat);
                            r = rescorer.rescore(in);
                        } catch (IllegalArgumentException e) {
                            log.warn("Failed to rescore lattice for " + key + ": " + e.getMessage());
                            failed++;
                            continue;
                        }
                        if (r.lattice() == null) {
                            log.warn("Rescored lattice for " + key + " is empty (no path survived)");
                            failed++;
                            continue;
                        }
                        writer.write(key, CompactLatticeConvert.toCompactLattice(r.lattice(), in, clat));
                        PrunedLatticeComposer.Stats st = r.stats();
                        arcsIn += st.inputArcs();
                        arcsOut += st.outputArcs();
                        statesIn += st.inputStates();
                        statesOut += st.outputStates();
                        if (verbose >= 1) {
                            log.log(String.format(Locale.ROOT, "%s: input lattice had %d/%d arcs/states; output lattice has %d/%d"
                                            + " (before pruning: %d/%d). Effective beam was %.2f", key, st.inputArcs(), st.inputStates(),
                                    st.outputArcs(), st.outputStates(), st.arcsBeforeConnect(), st.statesBeforeConnect(), st.effectiveBeam()));
                        }
                        done++;
                    }
                    failed += reader.failed();
                    reader.close();   // checks the input (a failed pipe is an error) before the output is committed
                } catch (IOException | RuntimeException | Error e) {
                    writer.abort();   // never commit a half-written archive
                    throw e;
                }
                writer.close();
            }
            log.log(String.format(Locale.ROOT, "Overall, %d/%d input arcs/states and %d/%d output arcs/states; %s;"
                            + " %d network calls computing %d states", arcsIn, statesIn, arcsOut, statesOut, progress.line(),
                    neural.stepCalls(), neural.stepRows()));
            log.log("Done " + done + " lattices, failed for " + failed);
            return tableStatus(done);
        }
    }
}

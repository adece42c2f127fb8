package moglm.cli.rescore;

import java.nio.file.Path;
import java.util.concurrent.Callable;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code moglm lattice-lmrescore-pruned}: Kaldi's lattice-lmrescore-kaldi-rnnlm-pruned with a moglm model. */
@Command(name = "lattice-lmrescore-pruned", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Rescores lattices with a moglm Mogrifier LM: removes the old n-gram LM (ARPA) with weight -lm-scale and",
            "adds the neural LM with weight lm-scale, by pruned composition (Kaldi's ComposeLatticePruned) with",
            "Kaldi's n-gram history approximation (--max-ngram-order). Like lattice-lmrescore-kaldi-rnnlm-pruned.",
            "",
            "Usage: moglm lattice-lmrescore-pruned [options] <old-lm-arpa> <model> <lattice-rspecifier> <lattice-wspecifier>",
            " e.g.: moglm lattice-lmrescore-pruned --lm-scale=0.5 --max-ngram-order=4 data/lang/lm_3gram.arpa.gz \\",
            "         exp/moglm/final.moglm 'ark:gunzip -c exp/decode/lat.1.gz|' 'ark,t:|gzip -c >exp/decode_rescored/lat.1.gz'",
            ""})
public final class LatticeLmrescorePrunedCommand implements Callable<Integer> {
    @Option(names = "--lm-scale", paramLabel = "<float>", description = "Scaling factor for the new LM; the old LM gets -lm-scale (default: ${DEFAULT-VALUE})")
    float lmScale = 0.5f;

    @Option(names = "--acoustic-scale", paramLabel = "<float>", description = "Acoustic scale used in pruning (default: ${DEFAULT-VALUE})")
    double acousticScale = 0.1;

    @Option(names = "--max-ngram-order", paramLabel = "<int>", description = "Neural states are shared by their last (n-1) words; <= 0: exact histories (default: ${DEFAULT-VALUE})")
    int maxNgramOrder = 3;

    @Option(names = "--lattice-compose-beam", paramLabel = "<float>", description = "Beam of the pruned composition (default: ${DEFAULT-VALUE})")
    double beam = 6.0;

    @Option(names = "--max-arcs", paramLabel = "<int>", description = "Most arcs per output lattice (default: ${DEFAULT-VALUE})")
    int maxArcs = 100000;

    @Option(names = "--max-input-arcs", paramLabel = "<int>", description = "Bound on the work per lattice: an input lattice with more"
            + " arcs is first beam-pruned (lattice-prune at --acoustic-scale, beam --lattice-compose-beam halved until it fits;"
            + " a warning says so); one that does not fit even at beam 0.1 is skipped and counted as failed (default: ${DEFAULT-VALUE})")
    int maxInputArcs = 200000;

    @Option(names = "--max-seconds-per-lattice", paramLabel = "<float>", description = "Time bound per lattice: when it passes, the"
            + " composition stops expanding (output pruned harder, with a warning), or the lattice is skipped and counted as failed"
            + " if no complete path was found yet (default: ${DEFAULT-VALUE})")
    double maxSeconds = 120;

    @Option(names = "--initial-num-arcs", paramLabel = "<int>", description = "Arcs expanded before the first heuristic update (default: ${DEFAULT-VALUE})")
    int initialNumArcs = 100;

    @Option(names = "--growth-ratio", paramLabel = "<float>", description = "Recompute the heuristic when the output grows by this factor (default: ${DEFAULT-VALUE})")
    double growthRatio = 1.5;

    @Option(names = "--level", paramLabel = "<level>", description = "On-demand level of the model: the sparsity of one of its stored levels, or a rank >= 1 of a nested low-rank model; see 'moglm info' (0 = dense; default: ${DEFAULT-VALUE})")
    double level = 0;

    @Option(names = "--cache-mb", paramLabel = "<int>", description = "Memory bound of the neural state cache, MiB (default: ${DEFAULT-VALUE})")
    int cacheMb = 1024;

    @Option(names = "--verbose", paramLabel = "<int>", description = "Verbosity: 1 prints one line per lattice (default: ${DEFAULT-VALUE})")
    int verbose = 0;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this help")
    boolean help;

    @Parameters(index = "0", paramLabel = "<old-lm-arpa>") Path oldLm;
    @Parameters(index = "1", paramLabel = "<model>") Path model;
    @Parameters(index = "2", paramLabel = "<lattice-rspecifier>") String rspec;
    @Parameters(index = "3", paramLabel = "<lattice-wspecifier>") String wspec;

    @Override public Integer call() {
        try {
            return rescore();
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println("ERROR (lattice-lmrescore-pruned): " + moglm.util.ErrorMessages.of(e));
            return 1;
        }
    }

    private int rescore() throws java.io.IOException {
        ComposeOptions opts = new ComposeOptions(beam, maxArcs, initialNumArcs, growthRatio, acousticScale, maxSeconds);
        if (maxInputArcs <= 0) throw new IllegalArgumentException("--max-input-arcs must be > 0, got " + maxInputArcs);
        long t0 = System.nanoTime();
        LoadedModel loaded = ModelLoader.load(model, moglm.level.Level.of(level), maxNgramOrder, (long) cacheMb << 20);
        NgramLm old = ModelLoader.loadArpa(oldLm, loaded.vocabulary());
        NeuralLm neural = loaded.lm();
        LatticeRescorer rescorer = new LatticeRescorer(() -> new NgramOnDemandLm(old), neural, lmScale, opts);
        System.err.printf("lattice-lmrescore-pruned: loaded %s and %s in %.1f s%n", model, oldLm, (System.nanoTime() - t0) / 1e9);
        int done = 0, failed = 0;
        long arcsIn = 0, arcsOut = 0, statesIn = 0, statesOut = 0;
        long t1 = System.nanoTime();
        try (SequentialTableReader<CompactLattice> reader = new SequentialTableReader<>(rspec, CompactLatticeHolder.INSTANCE,
                msg -> System.err.println("WARNING: " + msg));
             TableWriter<CompactLattice> writer = new TableWriter<>(wspec, CompactLatticeHolder.INSTANCE)) {
            while (reader.next()) {
                String key = reader.key();
                CompactLattice clat = reader.value();
                try {
                    clat = InputArcLimit.apply(clat, maxInputArcs, beam, acousticScale,
                            msg -> System.err.println("WARNING: lattice-lmrescore-pruned: lattice for " + key + ": " + msg));
                    if (clat == null) {
                        failed++;
                        continue;
                    }
                    WordLattice in = CompactLatticeConvert.toWordLattice(clat);
                    PrunedLatticeComposer.Result r = rescorer.rescore(in);
                    if (r.lattice() == null) {
                        System.err.println("WARNING: lattice-lmrescore-pruned: rescored lattice for " + key + " is empty ("
                                + (r.limitHit() != null ? "no complete path within " + r.limitHit() + "; skipped" : "no path survived") + ")");
                        failed++;
                        continue;
                    }
                    if (r.limitHit() != null) {
                        System.err.println("WARNING: lattice-lmrescore-pruned: lattice for " + key + ": composition stopped at "
                                + r.limitHit() + " (output pruned harder than --lattice-compose-beam)");
                    }
                    writer.write(key, CompactLatticeConvert.toCompactLattice(r.lattice(), in, clat));
                    PrunedLatticeComposer.Stats st = r.stats();
                    arcsIn += st.inputArcs(); arcsOut += st.outputArcs();
                    statesIn += st.inputStates(); statesOut += st.outputStates();
                    if (verbose >= 1)
                        System.err.printf("%s: input lattice had %d/%d arcs/states; output lattice has %d/%d (before pruning: %d/%d). Effective beam was %.2f%n",
                                key, st.inputArcs(), st.inputStates(), st.outputArcs(), st.outputStates(),
                                st.arcsBeforeConnect(), st.statesBeforeConnect(), st.effectiveBeam());
                    done++;
                } catch (IllegalArgumentException e) {
                    System.err.println("WARNING: lattice-lmrescore-pruned: failed to rescore lattice for " + key + ": " + moglm.util.ErrorMessages.of(e));
                    failed++;
                }
            }
            failed += reader.failed();
        }
        double secs = (System.nanoTime() - t1) / 1e9;
        System.err.printf("lattice-lmrescore-pruned: overall, %d/%d input arcs/states and %d/%d output arcs/states; %.1f s rescoring, %d network calls computing %d states%n",
                arcsIn, statesIn, arcsOut, statesOut, secs, neural.stepCalls(), neural.stepRows());
        System.err.println("Done " + done + " lattices, failed for " + failed);
        return done > 0 && failed == 0 ? 0 : 1;
    }
}

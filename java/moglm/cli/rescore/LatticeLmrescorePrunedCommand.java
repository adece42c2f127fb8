package moglm.cli.rescore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import moglm.cli.common.MoglmCommand;
import moglm.cli.common.ThreadsOption;
import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.ngram.LmFormat;
import moglm.rescore.lattice.ComposeOptions;
import moglm.rescore.lattice.CompactLatticeConvert;
import moglm.rescore.lattice.LatticeRescorer;
import moglm.rescore.lattice.NgramLatticeRescoring;
import moglm.rescore.lattice.PrunedLatticeComposer;
import moglm.rescore.lattice.WordLattice;
import moglm.rescore.lmfst.NgramModel;
import moglm.rescore.neural.LoadedModel;
import moglm.rescore.neural.NeuralLm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code moglm lattice-lmrescore-pruned}: with a moglm model as the LM to add, Kaldi's
 * lattice-lmrescore-kaldi-rnnlm-pruned; with an n-gram (G.fst, G.carpa, ARPA), Kaldi's
 * lattice-lmrescore-pruned. The kind of the second argument is detected from its first bytes. A
 * lattice that cannot be rescored is reported with its key and skipped; the exit status is 0 when
 * at least one lattice was rescored. On any other error the output archive is aborted (its
 * temporary file removed), never committed half-written.
 */
@Command(name = "lattice-lmrescore-pruned", sortOptions = false,
        customSynopsis = "moglm lattice-lmrescore-pruned [options] <lm-to-subtract> <lm-to-add|model> <lattice-rspecifier> <lattice-wspecifier>",
        description = {
            "Rescore lattices by pruned composition (Kaldi's ComposeLatticePruned), removing the old n-gram LM with weight"
                + " -lm-scale and adding the new LM with weight lm-scale.",
            "The old LM is a G.fst, G.carpa or ARPA (the format is detected from the file's first bytes). The new LM is either"
                + " a moglm model, rescored as Kaldi's lattice-lmrescore-kaldi-rnnlm-pruned with its n-gram history approximation"
                + " (--max-ngram-order; defaults --lm-scale=0.5 --acoustic-scale=0.1), or an n-gram LM (G.fst, G.carpa, ARPA),"
                + " rescored as Kaldi's lattice-lmrescore-pruned (defaults --lm-scale=1.0 --acoustic-scale=1.0, as Kaldi's;"
                + " --add-const-arpa is accepted for compatibility). ARPA files need --word-symbol-table unless a moglm model"
                + " supplies the words."},
        footer = {"moglm lattice-lmrescore-pruned --lm-scale=0.5 --max-ngram-order=4 data/lang/G.carpa exp/moglm/final.mlm"
                + " 'ark:gunzip -c exp/decode/lat.1.gz|' 'ark,t:|gzip -c >exp/decode_rescored/lat.1.gz'",
                "moglm lattice-lmrescore-pruned --acoustic-scale=0.1 --add-const-arpa=true data/lang/G.fst data/lang_fg/G.carpa"
                + " 'ark:gunzip -c exp/decode/lat.1.gz|' 'ark:|gzip -c >exp/decode_fg/lat.1.gz'"})
public final class LatticeLmrescorePrunedCommand extends MoglmCommand {
    private static final ComposeOptions DEFAULTS = ComposeOptions.defaults();   // Kaldi's defaults, registered once

    @Option(names = "--lm-scale", paramLabel = "FLOAT",
            description = "Scaling factor for the new LM; the old LM gets -lm-scale (default: 0.5 with a moglm model, 1.0 with an n-gram).")
    Float lmScaleOption;

    @Option(names = "--acoustic-scale", paramLabel = "FLOAT",
            description = "Acoustic scale used in pruning (default: 0.1 with a moglm model, 1.0 with an n-gram, as Kaldi's binaries).")
    Double acousticScaleOption;

    @Option(names = "--add-const-arpa", arity = "0..1", paramLabel = "BOOL",
            description = "Kaldi compatibility: the LM to add is a G.carpa (it is recognised anyway; true with another format is an error).")
    boolean addConstArpa;

    @Mixin NgramOptions ngram = new NgramOptions();

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

    @Option(names = "--max-input-arcs", paramLabel = "INT", description = "Bound on the work per lattice: an input lattice with more"
            + " arcs is first beam-pruned (lattice-prune at --acoustic-scale, beam --lattice-compose-beam halved until it fits;"
            + " a warning says so); one that does not fit even at beam 0.1 is skipped and counted as failed.")
    int maxInputArcs = 200000;

    @Option(names = "--max-seconds-per-lattice", paramLabel = "FLOAT", description = "Time bound per lattice: when it passes, the"
            + " composition stops expanding (output pruned harder, with a warning), or the lattice is skipped and counted as failed"
            + " if no complete path was found yet.")
    double maxSeconds = 120;

    @Mixin NeuralModelOptions neural = new NeuralModelOptions(1024);

    @Option(names = "--progress-every", paramLabel = "N", description = "Log progress (count, rate) every N lattices (0 = never).")
    int progressEvery = 20;

    @Mixin ThreadsOption threads = new ThreadsOption();

    @Parameters(index = "0", paramLabel = "<lm-to-subtract>") String oldLm;
    @Parameters(index = "1", paramLabel = "<lm-to-add|model>") String model;
    @Parameters(index = "2", paramLabel = "<lattice-rspecifier>") String rspec;
    @Parameters(index = "3", paramLabel = "<lattice-wspecifier>") String wspec;

    /** True when {@code rx} names a file that starts with the moglm model file magic ("MOGLM"). */
    static boolean isMoglmModel(String rx) throws IOException {
        if (rx.strip().endsWith("|") || rx.strip().equals("-")) return false;   // an n-gram LM from a pipe
        byte[] head = new byte[5];
        try (InputStream in = Files.newInputStream(Path.of(rx))) {
            if (in.readNBytes(head, 0, 5) < 5) return false;
        }
        return new String(head, StandardCharsets.ISO_8859_1).equals("MOGLM");
    }

    @Override protected int run() throws IOException {
        threads.apply();
        boolean neuralMode = isMoglmModel(model);
        float lmScale = lmScaleOption != null ? lmScaleOption : neuralMode ? 0.5f : 1.0f;
        double acousticScale = acousticScaleOption != null ? acousticScaleOption : neuralMode ? 0.1 : 1.0;
        ComposeOptions opts = new ComposeOptions(beam, maxArcs, initialNumArcs, growthRatio, acousticScale, maxSeconds);
        if (maxInputArcs <= 0) throw new IllegalArgumentException("--max-input-arcs must be > 0, got " + maxInputArcs);
        if (!neuralMode) return rescoreNgram(opts, lmScale);
        if (addConstArpa) throw new IllegalArgumentException("--add-const-arpa=true, but " + model + " is a moglm model");
        long t0 = System.nanoTime();
        try (LoadedModel loaded = neural.load(Path.of(model), maxNgramOrder)) {
            NgramModel old = NgramModel.load(oldLm, loaded.vocabulary()::kaldiId);
            NeuralLm neural = loaded.lm();
            LatticeRescorer rescorer = new LatticeRescorer(old, neural, lmScale, opts);
            log.log(String.format(Locale.ROOT, "Loaded %s and %s in %.1f s", model, oldLm, (System.nanoTime() - t0) / 1e9));
            NeuralPass pass = new NeuralPass(rescorer, acousticScale);
            return LatticeRescoreLoop.run(log, rspec, wspec, progressEvery, pass, progressLine -> String.format(Locale.ROOT,
                    "Overall, %d/%d input arcs/states and %d/%d output arcs/states; %s; %d network calls computing %d states",
                    pass.arcsIn, pass.statesIn, pass.arcsOut, pass.statesOut, progressLine, neural.stepCalls(), neural.stepRows()));
        }
    }

    /**
     * Kaldi's lattice-lmrescore-kaldi-rnnlm-pruned for one lattice: bounded in size first
     * ({@code --max-input-arcs}), composed, its size counted for the summary.
     */
    private final class NeuralPass implements LatticeRescoreLoop.PerLattice {
        private final LatticeRescorer rescorer;
        private final double acousticScale;
        long arcsIn, arcsOut, statesIn, statesOut;

        NeuralPass(LatticeRescorer rescorer, double acousticScale) {
            this.rescorer = rescorer;
            this.acousticScale = acousticScale;
        }

        @Override public CompactLattice rescore(String key, CompactLattice clat) {
            clat = InputArcLimit.apply(clat, maxInputArcs, beam, acousticScale, msg -> log.warn("Lattice for " + key + ": " + msg));
            if (clat == null) return null;
            WordLattice in = CompactLatticeConvert.toWordLattice(clat);
            PrunedLatticeComposer.Result r = rescorer.rescore(in);
            if (r.lattice() == null) {
                log.warn("Rescored lattice for " + key + " is empty (" + (r.limitHit() != null
                        ? "no complete path within " + r.limitHit() + "; skipped" : "no path survived") + ")");
                return null;
            }
            if (r.limitHit() != null) {
                log.warn("Lattice for " + key + ": composition stopped at " + r.limitHit()
                        + " (output pruned harder than --lattice-compose-beam)");
            }
            CompactLattice out = CompactLatticeConvert.toCompactLattice(r.lattice(), in, clat);
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
            return out;
        }
    }

    /** Kaldi's lattice-lmrescore-pruned: both LMs n-grams. */
    private int rescoreNgram(ComposeOptions opts, float lmScale) throws IOException {
        NgramModel old = ngram.load(oldLm);
        NgramModel add = ngram.load(model);
        if (addConstArpa && add.format() != LmFormat.CONST_ARPA)
            throw new IllegalArgumentException("--add-const-arpa=true, but " + model + " is not a ConstArpaLm (it is " + add.describe() + ")");
        log.log("LM to subtract: " + old.describe() + "; LM to add: " + add.describe());
        return LatticeRescoreLoop.run(log, rspec, wspec, progressEvery, in -> {
            PrunedLatticeComposer.Result r = NgramLatticeRescoring.pruned(in, old.get(), add.get(), lmScale, opts);
            if (verbose >= 1 && r.lattice() != null) {
                PrunedLatticeComposer.Stats st = r.stats();
                log.log(String.format(Locale.ROOT, "input lattice had %d/%d arcs/states; output lattice has %d/%d. Effective beam was %.2f",
                        st.inputArcs(), st.inputStates(), st.outputArcs(), st.outputStates(), st.effectiveBeam()));
            }
            return r.lattice();
        });
    }
}

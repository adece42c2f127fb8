package moglm.cli.rescore;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.lattice.CompactLatticeHolder;
import moglm.kaldi.table.SequentialTableReader;
import moglm.kaldi.table.TableWriter;
import moglm.rescore.lattice.ComposeOptions;
import moglm.rescore.lattice.CompactLatticeConvert;
import moglm.rescore.lattice.LatticeRescorer;
import moglm.rescore.lattice.PrunedLatticeComposer;
import moglm.rescore.lattice.WordLattice;
import moglm.rescore.lattice.NgramLatticeRescoring;
import moglm.rescore.lmfst.NgramModel;
import moglm.rescore.neural.LoadedModel;
import moglm.rescore.neural.ModelLoader;
import moglm.rescore.neural.NeuralLm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code moglm lattice-lmrescore-pruned}: with a moglm model as the LM to add, Kaldi's
 * lattice-lmrescore-kaldi-rnnlm-pruned; with an n-gram (G.fst, G.carpa, ARPA), Kaldi's
 * lattice-lmrescore-pruned. The kind of the second argument is detected from its first bytes.
 */
@Command(name = "lattice-lmrescore-pruned", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Rescores lattices by pruned composition (Kaldi's ComposeLatticePruned): removes the old n-gram LM with weight",
            "-lm-scale and adds the new LM with weight lm-scale. The old LM is a G.fst, G.carpa or ARPA (format detected",
            "from the file's first bytes). The new LM is either",
            " - a moglm model: Kaldi's n-gram history approximation (--max-ngram-order), as lattice-lmrescore-kaldi-rnnlm-pruned",
            "   (defaults --lm-scale=0.5 --acoustic-scale=0.1), or",
            " - an n-gram LM (G.fst, G.carpa, ARPA), as Kaldi's lattice-lmrescore-pruned (defaults --lm-scale=1.0",
            "   --acoustic-scale=1.0, as Kaldi's; --add-const-arpa is accepted for compatibility).",
            "ARPA files need --word-symbol-table unless a moglm model supplies the words.",
            "",
            "Usage: moglm lattice-lmrescore-pruned [options] <lm-to-subtract> <lm-to-add|model> <lattice-rspecifier> <lattice-wspecifier>",
            " e.g.: moglm lattice-lmrescore-pruned --lm-scale=0.5 --max-ngram-order=4 data/lang/G.carpa \\",
            "         exp/moglm/final.mlm 'ark:gunzip -c exp/decode/lat.1.gz|' 'ark,t:|gzip -c >exp/decode_rescored/lat.1.gz'",
            "       moglm lattice-lmrescore-pruned --acoustic-scale=0.1 --add-const-arpa=true data/lang/G.fst \\",
            "         data/lang_fg/G.carpa 'ark:gunzip -c exp/decode/lat.1.gz|' 'ark:|gzip -c >exp/decode_fg/lat.1.gz'",
            ""})
public final class LatticeLmrescorePrunedCommand implements Callable<Integer> {
    @Option(names = "--lm-scale", paramLabel = "<float>", description = "Scaling factor for the new LM; the old LM gets -lm-scale (default: 0.5 with a moglm model, 1.0 with an n-gram)")
    Float lmScaleOption;

    @Option(names = "--acoustic-scale", paramLabel = "<float>", description = "Acoustic scale used in pruning (default: 0.1 with a moglm model, 1.0 with an n-gram, as Kaldi's binaries)")
    Double acousticScaleOption;

    @Option(names = "--add-const-arpa", arity = "0..1", paramLabel = "<bool>", description = "Kaldi compatibility: the LM to add is a G.carpa (it is recognised anyway; true with another format is an error)")
    boolean addConstArpa;

    @picocli.CommandLine.Mixin NgramOptions ngram = new NgramOptions();

    @Option(names = "--max-ngram-order", paramLabel = "<int>", description = "Neural states are shared by their last (n-1) words; <= 0: exact histories (default: ${DEFAULT-VALUE})")
    int maxNgramOrder = 3;

    @Option(names = "--lattice-compose-beam", paramLabel = "<float>", description = "Beam of the pruned composition (default: ${DEFAULT-VALUE})")
    double beam = 6.0;

    @Option(names = "--max-arcs", paramLabel = "<int>", description = "Most arcs per output lattice (default: ${DEFAULT-VALUE})")
    int maxArcs = 100000;

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

    @Parameters(index = "0", paramLabel = "<lm-to-subtract>") String oldLm;
    @Parameters(index = "1", paramLabel = "<lm-to-add|model>") String model;

    private float lmScale;
    private double acousticScale;
    @Parameters(index = "2", paramLabel = "<lattice-rspecifier>") String rspec;
    @Parameters(index = "3", paramLabel = "<lattice-wspecifier>") String wspec;

    @Override public Integer call() {
        try {
            return rescore();
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println("ERROR (lattice-lmrescore-pruned): " + e.getMessage());
            return 1;
        }
    }

    /** True when {@code file} starts with the moglm model file magic ("MOGLM"). */
    static boolean isMoglmModel(String rx) throws java.io.IOException {
        if (rx.strip().endsWith("|") || rx.strip().equals("-")) return false;   // an n-gram LM from a pipe
        Path file = Path.of(rx);
        byte[] head = new byte[5];
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 5) < 5) return false;
        }
        return new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).equals("MOGLM");
    }

    private int rescore() throws java.io.IOException {
        boolean neuralMode = isMoglmModel(model);
        lmScale = lmScaleOption != null ? lmScaleOption : neuralMode ? 0.5f : 1.0f;
        acousticScale = acousticScaleOption != null ? acousticScaleOption : neuralMode ? 0.1 : 1.0;
        ComposeOptions opts = new ComposeOptions(beam, maxArcs, initialNumArcs, growthRatio, acousticScale);
        if (!neuralMode) return rescoreNgram(opts);
        if (addConstArpa) throw new IllegalArgumentException("--add-const-arpa=true, but " + model + " is a moglm model");
        long t0 = System.nanoTime();
        LoadedModel loaded = ModelLoader.load(Path.of(model), moglm.level.Level.of(level), maxNgramOrder, (long) cacheMb << 20);
        NgramModel old = NgramModel.load(oldLm, loaded.vocabulary()::kaldiId);
        NeuralLm neural = loaded.lm();
        LatticeRescorer rescorer = new LatticeRescorer(old, neural, lmScale, opts);
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
                    WordLattice in = CompactLatticeConvert.toWordLattice(clat);
                    PrunedLatticeComposer.Result r = rescorer.rescore(in);
                    if (r.lattice() == null) {
                        System.err.println("WARNING: lattice-lmrescore-pruned: rescored lattice for " + key + " is empty (no path survived)");
                        failed++;
                        continue;
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
                    System.err.println("WARNING: lattice-lmrescore-pruned: failed to rescore lattice for " + key + ": " + e.getMessage());
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

    /** Kaldi's lattice-lmrescore-pruned: both LMs n-grams. */
    private int rescoreNgram(ComposeOptions opts) throws java.io.IOException {
        String name = "lattice-lmrescore-pruned";
        NgramModel old = ngram.load(oldLm);
        NgramModel add = ngram.load(model);
        if (addConstArpa && add.format() != moglm.kaldi.ngram.LmFormat.CONST_ARPA)
            throw new IllegalArgumentException("--add-const-arpa=true, but " + model + " is not a ConstArpaLm (it is " + add.describe() + ")");
        LatticeRescoreLoop.log(name, "LM to subtract: " + old.describe() + "; LM to add: " + add.describe());
        return LatticeRescoreLoop.run(name, rspec, wspec, in -> {
            PrunedLatticeComposer.Result r = NgramLatticeRescoring.pruned(in, old.get(), add.get(), lmScale, opts);
            if (verbose >= 1 && r.lattice() != null) {
                PrunedLatticeComposer.Stats st = r.stats();
                LatticeRescoreLoop.log(name, String.format("input lattice had %d/%d arcs/states; output lattice has %d/%d. Effective beam was %.2f",
                        st.inputArcs(), st.inputStates(), st.outputArcs(), st.outputStates(), st.effectiveBeam()));
            }
            return r.lattice();
        });
    }
}

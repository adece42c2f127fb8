package moglm.l0;

import moglm.modelfile.SectionCodec;
import moglm.modelfile.Sections;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import moglm.model.Dropout;
import moglm.model.MogrifierLM;
import moglm.modelfile.SectionFile;
import moglm.train.Chunk;
import moglm.train.Corpus;
import moglm.train.StepHook;
import moglm.train.StepRandom;
import moglm.train.TrainOptions;

/**
 * {@link StepHook} of {@code moglm train --granularity l0 --target-size S}: every step is an
 * {@link L0Training} step. The gates' log_alphas (section {@value #GATES_SECTION}) and the
 * Lagrange multipliers ({@value #LAMBDA_SECTION}) go into every model file and checkpoint;
 * {@code moglm export-l0} turns the model into the physically smaller deterministic model.
 *
 * <p>The trainer's validation runs on the ungated network (the masks are cleared after each
 * step, so the trainer's optimizer never folds gate values into the weights), so after the
 * warm-up final.mlm is the latest evaluated model with its gates ({@link #restartBestModel}).
 * The report evaluates the deterministic gated model.
 */
public final class L0Hook implements StepHook {
    public static final String GATES_SECTION = Sections.L0_GATES;
    public static final String LAMBDA_SECTION = Sections.L0_LAMBDAS;
    /** Gates of {@code --l0-structures} other than units alone ({@link StructureGates#toBytes}). */
    public static final String STRUCTURE_GATES_SECTION = Sections.L0_STRUCTURE_GATES;
    /** Checkpoints only: the log_alphas' Adam state and the carried recurrent states ({@link L0Training#writeResume}). */
    public static final String RESUME_SECTION = Sections.L0_RESUME;
    private static final String RESUME_MAGIC = "L0RS";
    private static final int RESUME_VERSION = 2;

    /** Builds the options once the planned number of steps is known. */
    public interface OptionsFactory { L0Options create(long plannedSteps); }

    private final OptionsFactory factory;
    private final long seed;
    private L0Training training;
    private MogrifierLM model;
    private L0Training.Result last;
    private L0Options options;
    private long step;

    public L0Hook(OptionsFactory factory, long seed) {
        this.factory = factory;
        this.seed = seed;
    }

    @Override public void start(MogrifierLM model, long plannedSteps) {
        if (model.config().factored()) {
            throw new IllegalArgumentException("--granularity=l0 gates the dense LSTM and embedding matrices, but this model has"
                    + " factored ones (lstm rank " + model.config().lstmRank() + ", embed rank " + model.config().embedRank()
                    + "): train L0 on the dense model, then factor it (export-rank / --granularity=lowrank --init-from)");
        }
        this.model = model;
        options = factory.create(plannedSteps);
        training = new L0Training(model, options.unitsOnly() ? new UnitGates(model.config(), options.initLogAlpha())
                : new StructureGates(model.config(), options.structures(), options.initLogAlpha()), options);
    }

    @Override public void restore(SectionFile checkpoint) throws IOException {
        String where = checkpoint.file().toString();
        String section = options.unitsOnly() ? GATES_SECTION : STRUCTURE_GATES_SECTION;
        if (!checkpoint.has(section)) {
            String other = options.unitsOnly() ? STRUCTURE_GATES_SECTION : GATES_SECTION;
            if (checkpoint.has(other)) throw new IOException(where + ": the checkpoint's L0 gates are on other structures than --l0-structures="
                    + Structure.format(options.structures()));
            return;
        }
        L0Gates g = options.unitsOnly() ? UnitGates.fromBytes(model.config(), checkpoint.bytes(section), where)
                : StructureGates.fromBytes(model.config(), checkpoint.bytes(section), where);
        if (g instanceof StructureGates sg && !sg.map().structures().equals(options.structures())) {
            throw new IOException(where + ": the checkpoint's L0 gates are on " + Structure.format(sg.map().structures())
                    + ", this run has --l0-structures=" + Structure.format(options.structures()));
        }
        training.close();
        training = new L0Training(model, g, options);
        if (checkpoint.has(LAMBDA_SECTION)) {
            // lambda1 lambda2 per layer; one pair (files of the single-constraint version) applies to every layer
            // written as bytes by sections() (UTF-8 text)
            String[] f = new String(checkpoint.bytes(LAMBDA_SECTION), StandardCharsets.UTF_8).trim().split("\\s+");
            Lagrangian lg = training.lagrangian();
            if (f.length != 2 && f.length != 2 * lg.size())
                throw new IOException(checkpoint.file() + ": section " + LAMBDA_SECTION + " has " + f.length + " numbers, expected 2 or "
                        + 2 * lg.size());
            try {
                for (int l = 0; l < lg.size(); l++) {
                    int at = f.length == 2 ? 0 : 2 * l;
                    lg.set(l, Double.parseDouble(f[at]), Double.parseDouble(f[at + 1]));
                }
            } catch (NumberFormatException e) {
                throw new IOException(checkpoint.file() + ": section " + LAMBDA_SECTION + " is not numbers: " + e.getMessage());
            }
        }
        if (checkpoint.has(RESUME_SECTION)) {
            byte[] b = checkpoint.bytes(RESUME_SECTION);
            // "L0RS" v2 little-endian; the first checkpoints wrote a big-endian payload without magic
            SectionCodec.Reader in = SectionCodec.startsWith(b, RESUME_MAGIC)
                    ? SectionCodec.read(b, RESUME_SECTION, RESUME_MAGIC, RESUME_VERSION, where)
                    : SectionCodec.readLegacy(b, 0, RESUME_SECTION, where);
            training.readResume(in, where);
            in.end();
        }
    }

    @Override public void beforeStep(long step, Chunk chunk) {
        this.step = step;
    }

    /**
     * True at every step from the end of the warm-up on: the gates change the network at every
     * step and the trainer's validation sees the ungated network, so its "best" is no criterion;
     * the trainer then keeps the latest evaluated model as final.mlm (and, its count of bad
     * evaluations being reset, no longer decays the learning rate). Before the end of the warm-up
     * the gates are still opening or closing towards the target, and nothing is restarted.
     */
    @Override public boolean restartBestModel() {
        return step >= options.warmupSteps();
    }

    @Override public boolean replacesStep() { return true; }

    /**
     * The gated pass reads and writes only the step's rows, the gate masks are row and column
     * masks set per step (combined over those rows only under the trainer's row restriction) and
     * cleared after it, and the gate gradients sum only over the rows the step changed
     * ({@link MogrifierLM#liveRows}).
     */
    @Override public boolean vocabularyRowsOnly() { return true; }

    @Override public MogrifierLM.LossResult step(long step, Chunk chunk, Dropout dropout, double weight) {
        last = training.run(step, chunk.inputs(), chunk.targets(), chunk.steps(), chunk.batch(), chunk.resetRows(), dropout,
                StepRandom.of(seed ^ 0x10A17E5L, step), weight);
        return last.gated();
    }

    @Override public Map<String, byte[]> sections() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        if (training != null) {
            m.put(training.gates() instanceof UnitGates ? GATES_SECTION : STRUCTURE_GATES_SECTION, training.gates().toBytes());
            Lagrangian lg = training.lagrangian();
            StringBuilder sb = new StringBuilder();
            for (int l = 0; l < lg.size(); l++)
                sb.append(String.format(Locale.ROOT, "%s%.17g %.17g", l == 0 ? "" : " ", lg.lambda1(l), lg.lambda2(l)));
            m.put(LAMBDA_SECTION, sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return m;
    }

    /** The model-file sections plus {@value #RESUME_SECTION}. */
    @Override public Map<String, byte[]> checkpointSections() {
        Map<String, byte[]> m = sections();
        if (training != null) {
            SectionCodec.Writer out = SectionCodec.writer(RESUME_MAGIC, RESUME_VERSION);
            training.writeResume(out);
            m.put(RESUME_SECTION, out.toBytes());
        }
        return m;
    }

    @Override public List<String> report(MogrifierLM m, Corpus valid, TrainOptions opt) {
        if (training.gates() instanceof StructureGates sg) return StructureReport.lines(training, sg, last, m, valid, opt);
        List<String> out = new ArrayList<>();
        UnitGates g = (UnitGates) training.gates();
        int keep = g.deterministicKeep();
        double[] kept = new double[g.layers()];
        java.util.Arrays.fill(kept, keep);
        double target = last == null ? Double.NaN : last.target();
        StringBuilder layers = new StringBuilder();
        double[] expected = g.expectedKept();
        Lagrangian lg = training.lagrangian();
        for (int l = 0; l < expected.length; l++)
            layers.append(String.format(Locale.ROOT, "%s%.2f (lambda1 %.4g, lambda2 %.4g)", l == 0 ? "" : ", ", expected[l],
                    lg.lambda1(l), lg.lambda2(l)));
        out.add(String.format(Locale.ROOT, "l0: expected size %.4f of dense (target %.4f = %.2f units per layer); expected kept units"
                        + " per layer %s", training.expectedSize(), target,
                last == null ? Double.NaN : L0Size.unitsFor(m.config(), target), layers));
        out.add(String.format(Locale.ROOT, "l0: the deterministic model keeps %d of %d units per layer, %.0f parameters (%.1f%% of %d)",
                keep, g.units(), L0Size.params(m.config(), kept), 100 * L0Size.params(m.config(), kept) / m.numParams(), m.numParams()));
        if (valid != null) out.add(StructureReport.gatedValidLine(m, valid, opt, () -> g.apply(m, g.deterministic(keep))));
        return out;
    }

    @Override public void close() {
        if (training != null) training.close();
    }
}

package moglm.modelfile;

import java.util.List;

/**
 * The registry of section names of moglm model and checkpoint files ({@link SectionFile}): every
 * name a writer uses is declared here once, with its kind, the payload format (magic and current
 * version, {@link SectionCodec}) and the code that owns it. Readers ignore sections they do not
 * know, so a new section needs an entry here and nothing else in the container.
 *
 * <table>
 * <caption>Sections</caption>
 * <tr><th>name</th><th>kind</th><th>payload</th><th>owner</th><th>in</th></tr>
 * <tr><td>{@value #CONFIG}</td><td>TEXT</td><td>key=value lines</td><td>{@link ModelFile}</td><td>model, checkpoint</td></tr>
 * <tr><td>{@value #VOCABULARY}</td><td>TEXT</td><td>a Kaldi words.txt</td><td>{@link ModelFile}</td><td>model, checkpoint</td></tr>
 * <tr><td>{@value #PARAM_PREFIX}NAME</td><td>FLOATS</td><td>one parameter tensor</td><td>{@link ModelFile}</td><td>model, checkpoint</td></tr>
 * <tr><td>{@value #SPARSE_PREFIX}NAME</td><td>BYTES</td><td>one tensor, bitmap + non-zeros ({@link SparseTensor}, little-endian, no magic)</td><td>{@link ModelFile}</td><td>exported model</td></tr>
 * <tr><td>{@value #PRUNE_LEVELS}</td><td>BYTES</td><td>"MGLV" v2: nested sparsity masks</td><td>{@code level.LevelMasksCodec}</td><td>model, checkpoint</td></tr>
 * <tr><td>{@value #LOWRANK_LEVELS}</td><td>BYTES</td><td>"MGRL" v2: nested rank levels</td><td>{@code level.RankLevels}</td><td>model</td></tr>
 * <tr><td>{@value #PRUNE_FRACTION}</td><td>BYTES</td><td>UTF-8 decimal: the schedule fraction in force</td><td>{@code distill.OnDemandHook}</td><td>model, checkpoint</td></tr>
 * <tr><td>{@value #PRUNE_RESUME}</td><td>BYTES</td><td>"MGOR" v2: on-demand training state</td><td>{@code distill.OnDemandTraining}</td><td>checkpoint</td></tr>
 * <tr><td>{@value #L0_GATES}</td><td>BYTES</td><td>"L0UG" v2: unit gates' log_alphas (v0: no magic)</td><td>{@code l0.UnitGates}</td><td>model, checkpoint</td></tr>
 * <tr><td>{@value #L0_STRUCTURE_GATES}</td><td>BYTES</td><td>"L0SG" v2: structure gates (v0: magic "L0S1", no version)</td><td>{@code l0.StructureGates}</td><td>model, checkpoint</td></tr>
 * <tr><td>{@value #L0_LAMBDAS}</td><td>BYTES</td><td>UTF-8 numbers: the Lagrange multipliers</td><td>{@code l0.L0Hook}</td><td>model, checkpoint</td></tr>
 * <tr><td>{@value #L0_RESUME}</td><td>BYTES</td><td>"L0RS" v2: L0 optimizer and recurrent state (v0: no magic)</td><td>{@code l0.L0Training}</td><td>checkpoint</td></tr>
 * <tr><td>{@value #OPTIONS}</td><td>TEXT</td><td>training options, key=value</td><td>{@code train.Checkpoint}</td><td>checkpoint</td></tr>
 * <tr><td>{@value #TRAINER}</td><td>TEXT</td><td>trainer counters, key=value</td><td>{@code train.Checkpoint}</td><td>checkpoint</td></tr>
 * <tr><td>{@value #METRICS}</td><td>TEXT</td><td>metric lines</td><td>{@code train.Checkpoint}</td><td>checkpoint</td></tr>
 * <tr><td>{@value #OPTIMIZER_PREFIX}NAME</td><td>FLOATS</td><td>one optimizer buffer</td><td>{@code train.Checkpoint}</td><td>checkpoint</td></tr>
 * <tr><td>{@value #STATE}</td><td>FLOATS</td><td>the carried recurrent state, batch x per-sequence</td><td>{@code train.Checkpoint}</td><td>checkpoint</td></tr>
 * </table>
 */
public final class Sections {
    private Sections() {}

    public static final String CONFIG = "config";
    public static final String VOCABULARY = "vocabulary";
    public static final String PARAM_PREFIX = "param/";
    public static final String SPARSE_PREFIX = "sparse/";
    public static final String PRUNE_LEVELS = "prune.levels";
    public static final String LOWRANK_LEVELS = "lowrank.levels";
    public static final String PRUNE_FRACTION = "prune.fraction";
    public static final String PRUNE_RESUME = "prune.resume";
    public static final String L0_GATES = "l0.gates";
    public static final String L0_STRUCTURE_GATES = "l0.structure-gates";
    public static final String L0_LAMBDAS = "l0.lambdas";
    public static final String L0_RESUME = "l0.resume";
    public static final String OPTIONS = "options";
    public static final String TRAINER = "trainer";
    public static final String METRICS = "metrics";
    public static final String OPTIMIZER_PREFIX = "optimizer/";
    public static final String STATE = "state";

    /** Every fixed name (the prefixes are followed by a tensor name). */
    public static final List<String> NAMES = List.of(CONFIG, VOCABULARY, PRUNE_LEVELS, LOWRANK_LEVELS, PRUNE_FRACTION,
            PRUNE_RESUME, L0_GATES, L0_STRUCTURE_GATES, L0_LAMBDAS, L0_RESUME, OPTIONS, TRAINER, METRICS, STATE);

    /** Every prefix of per-tensor sections. */
    public static final List<String> PREFIXES = List.of(PARAM_PREFIX, SPARSE_PREFIX, OPTIMIZER_PREFIX);

    /** True when {@code name} is a registered name or starts with a registered prefix. */
    public static boolean isKnown(String name) {
        return NAMES.contains(name) || PREFIXES.stream().anyMatch(name::startsWith);
    }
}

package moglm.cli.train;

import java.nio.file.Path;
import moglm.distill.DistillOptions;
import moglm.distill.OnDemandHook;
import moglm.distill.OnDemandOptions;
import moglm.distill.SubnetSelection;
import moglm.model.MogrifierLM;
import moglm.modelfile.ModelFile;
import moglm.prune.Criterion;
import moglm.prune.PruneOptions;
import moglm.prune.PruneSchedule;
import moglm.level.PruneTarget;
import moglm.level.Ranking;
import moglm.level.SparsityLevels;
import moglm.train.StepHook;
import picocli.CommandLine.Option;

/**
 * The pruning options of {@code moglm train}: {@code --levels} (on-demand: one model, every
 * level) or {@code --prune-to} (one pruned model), and how masks are made and trained.
 */
public final class OnDemandOptionsMixin {
    @Option(names = "--levels", paramLabel = "S1,S2,...",
            description = "On-demand pruning: train the dense network and these nested sparsity levels together (e.g. 0.2,0.4,0.6,0.8; dual mode: 0.8).")
    String levels;
    @Option(names = "--prune-to", paramLabel = "S",
            description = "Classic pruning: prune the model itself to sparsity S (schedule below), then fine-tune; the dense network is not kept.")
    Double pruneTo;
    @Option(names = "--granularity", paramLabel = "element|unit|l0|lowrank",
            description = "element: single weights; unit: whole hidden units (same number per layer; exported smaller); l0: learned hard-concrete unit gates (--target-size); lowrank: SVD-truncated matrices (--rank, --lstm-rank, --embed-rank, --init-from).")
    String granularity = "element";
    @Option(names = "--criterion", paramLabel = "magnitude|taylor", description = "Importance: |w| or sum over batches of |w dL/dw|.")
    String criterion = "magnitude";
    @Option(names = "--ranking", paramLabel = "per-matrix|global", description = "Element ranking scope.")
    String ranking = "per-matrix";
    @Option(names = "--prune-params", paramLabel = "LIST", description = "Element pruning targets among lstm,mog,embed,out (or all).")
    String targets = "all";
    @Option(names = "--prune-embed-dims", arity = "0..1", fallbackValue = "true",
            description = "Unit granularity, untied model: also remove embedding dimensions (tied models always do).")
    boolean pruneEmbedDims = false;
    @Option(names = "--prune-schedule", paramLabel = "oneshot:STEP|cubic:START:END:EVERY",
            description = "When masks are computed. Default: --levels dense for the first half of the planned steps, then cubic over the third quarter (20 updates); --prune-to one-shot at half.")
    String schedule;
    @Option(names = "--subnets", paramLabel = "sandwich|all|random:K", description = "Sub-networks run per step beside the dense one.")
    String subnets = "sandwich";
    @Option(names = "--distill", paramLabel = "none|online|teacher", description = "Distillation of the levels.")
    String distill = "none";
    @Option(names = "--kd-alpha", description = "Weight of the KL term (the CE term gets 1 - alpha).")
    double kdAlpha = 0.5;
    @Option(names = "--kd-temp", description = "Distillation temperature T (KL scaled by T^2).")
    double kdTemp = 1.0;
    @Option(names = "--teacher", paramLabel = "MODEL", description = "Fixed teacher model for --distill teacher.")
    Path teacher;
    @Option(names = "--kd-hidden-weight", paramLabel = "W",
            description = "Layer-wise distillation: add W * sum over layers of MSE(h_l, teacher's h_l) to every distilled network"
                    + " (--distill online/teacher: the sparse levels, teacher: also dense; --granularity l0: the gated network,"
                    + " taught by the ungated one). 0 = off.")
    double kdHiddenWeight = 0;

    /** The --granularity value as given (element, unit, or l0 for moglm.l0). */
    public String granularity() { return granularity; }

    /** The --kd-hidden-weight value (0 = off). */
    public double kdHiddenWeight() { return kdHiddenWeight; }

    /** True when any pruning was asked for. */
    public boolean active() { return levels != null || pruneTo != null; }

    /** The trainer hook, or null when no pruning option was given. */
    public StepHook hook(long seed) throws java.io.IOException {
        if (!active()) return null;
        if (levels != null && pruneTo != null) throw new IllegalArgumentException("give --levels or --prune-to, not both");
        boolean fixed = pruneTo != null;
        SparsityLevels lv = fixed ? new SparsityLevels(pruneTo) : SparsityLevels.parse(levels);
        boolean structured = switch (granularity) {
            case "element" -> false;
            case "unit" -> true;
            default -> throw new IllegalArgumentException("--granularity must be element or unit, got " + granularity);
        };
        PruneOptions po = new PruneOptions(lv, structured, Criterion.parse(criterion), Ranking.parse(ranking),
                PruneTarget.parse(targets), pruneEmbedDims);
        DistillOptions.Mode mode = DistillOptions.parseMode(distill);
        if (mode == DistillOptions.Mode.NONE && kdHiddenWeight != 0)
            throw new IllegalArgumentException("--kd-hidden-weight needs a teacher: --distill online or --distill teacher");
        DistillOptions kd = mode == DistillOptions.Mode.NONE ? DistillOptions.none()
                : new DistillOptions(mode, kdAlpha, kdTemp, kdHiddenWeight);
        SubnetSelection sel = SubnetSelection.parse(subnets);
        PruneSchedule fixedSchedule = schedule == null ? null : PruneSchedule.parse(schedule);
        if ((mode == DistillOptions.Mode.TEACHER) != (teacher != null)) {
            throw new IllegalArgumentException("--teacher MODEL goes with --distill teacher (and only with it)");
        }
        MogrifierLM t = null;
        if (teacher != null) {
            ModelFile.Loaded tl = ModelFile.read(teacher);
            t = tl.model();
        }
        // fail fast on inconsistent options, before the model exists
        new OnDemandOptions(po, fixedSchedule != null ? fixedSchedule : PruneSchedule.oneShot(0), fixed, sel, kd);
        return new OnDemandHook(planned -> new OnDemandOptions(po,
                fixedSchedule != null ? fixedSchedule : OnDemandHook.defaultSchedule(fixed, planned), fixed, sel, kd), t, seed);
    }

    /** Key=value description for train.conf / the model's config. */
    public java.util.Map<String, String> describe() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        if (!active()) return m;
        m.put("levels", levels != null ? levels : "");
        m.put("prune-to", pruneTo != null ? pruneTo.toString() : "");
        m.put("granularity", granularity);
        m.put("criterion", criterion);
        m.put("ranking", ranking);
        m.put("prune-params", targets);
        m.put("prune-embed-dims", Boolean.toString(pruneEmbedDims));
        m.put("prune-schedule", schedule == null ? "default" : schedule);
        m.put("subnets", subnets);
        m.put("distill", distill);
        m.put("kd-alpha", Double.toString(kdAlpha));
        m.put("kd-temp", Double.toString(kdTemp));
        m.put("kd-hidden-weight", Double.toString(kdHiddenWeight));
        return m;
    }
}

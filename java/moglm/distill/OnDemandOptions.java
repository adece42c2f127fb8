package moglm.distill;

import moglm.prune.PruneOptions;
import moglm.prune.PruneSchedule;

/**
 * Options of pruning during training.
 *
 * @param prune    levels, granularity, criterion, ranking, targets
 * @param schedule when masks are computed (one-shot or cubic)
 * @param fixed    true: ONE level, applied to the model itself from the prune step on (the
 *                 classic "prune, then fine-tune" baseline; the dense network is not kept);
 *                 false: on-demand (dense + sub-networks trained together)
 * @param subnets  which levels run in each on-demand step
 * @param distill  distillation of the levels
 */
public record OnDemandOptions(PruneOptions prune, PruneSchedule schedule, boolean fixed, SubnetSelection subnets,
                              DistillOptions distill) {
    public OnDemandOptions {
        if (fixed && prune.levels().size() != 1) {
            throw new IllegalArgumentException("--prune-to trains one pruned model: exactly one level, got " + prune.levels());
        }
        if (fixed && distill.mode() == DistillOptions.Mode.ONLINE) {
            throw new IllegalArgumentException("--distill online needs the dense network: use --levels, not --prune-to");
        }
    }
}

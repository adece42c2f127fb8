package moglm.distill;

import static moglm.testutil.Checkpoints.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import moglm.prune.Criterion;
import moglm.level.LevelMasksCodec;
import moglm.prune.PruneOptions;
import moglm.prune.PruneSchedule;
import moglm.level.PruneTarget;
import moglm.level.Ranking;
import moglm.level.SparsityLevels;
import moglm.train.Corpus;
import moglm.train.ProgressBar;
import moglm.train.TinySetup;
import moglm.train.TrainOptions;
import moglm.train.Trainer;
import moglm.model.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Trainer#forkFrom}: runs that differ only after their dense first half (on-demand with
 * online distillation, one-shot pruning at half) share that half. A one-shot pruned run forked
 * from the on-demand run's checkpoint at half ends bit for bit where the same run trained from
 * scratch does; a checkpoint taken after pruning began, or a Taylor run, is refused.
 */
class OnDemandForkTest {
    @TempDir Path dir;

    private static TrainOptions options() {
        TrainOptions o = TinySetup.tinyOptions();
        o.dropoutEmbed = 0.1;
        o.dropoutOutput = 0.2;
        return o;
    }

    private static Trainer trainer(TrainOptions o, OnDemandOptions od, Vocabulary v, Corpus train, Corpus valid, Path out, long steps) {
        Trainer t = new Trainer(o, v, train, valid, out, ProgressBar.silent());
        t.hook = new OnDemandHook(planned -> od, null, o.seed);
        t.stopAfterSteps = steps;
        return t;
    }

    private static OnDemandOptions onDemandKd(long half) {
        return new OnDemandOptions(PruneOptions.defaults(SparsityLevels.parse("0.3,0.6")), PruneSchedule.gradual(half, half + 6, 2), false,
                SubnetSelection.parse("sandwich"), new DistillOptions(DistillOptions.Mode.ONLINE, 0.5, 1.0));
    }

    private static OnDemandOptions oneShot(long half, Criterion c) {
        PruneOptions po = new PruneOptions(SparsityLevels.parse("0.5"), false, c, Ranking.PER_MATRIX, PruneTarget.defaults(), false);
        return new OnDemandOptions(po, PruneSchedule.oneShot(half), true, SubnetSelection.parse("sandwich"),
                new DistillOptions(DistillOptions.Mode.NONE, 0.5, 1.0));
    }

    private static OnDemandOptions onDemandNoKd(long half) {
        return new OnDemandOptions(PruneOptions.defaults(SparsityLevels.parse("0.3,0.6")), PruneSchedule.gradual(half, half + 6, 2), false,
                SubnetSelection.parse("sandwich"), new DistillOptions(DistillOptions.Mode.NONE, 0.5, 1.0));
    }

    @Test void runsForkedAtHalfEqualTheRunsFromScratch() throws IOException {
        Vocabulary v = TinySetup.vocab();
        Corpus train = TinySetup.corpus(TinySetup.TEXT, 40, v);
        Corpus valid = TinySetup.corpus(TinySetup.VALID, 10, v);
        long half = 10, total = 22;
        TrainOptions o = options();

        Trainer main = trainer(o, onDemandKd(half), v, train, valid, dir.resolve("main"), half);
        assertEquals(half, main.run(false).steps());
        // a one-shot pruned run (the trainer's own step and state) and an on-demand run without
        // distillation (the hook's step and state)
        for (OnDemandOptions od : java.util.List.of(oneShot(half, Criterion.MAGNITUDE), onDemandNoKd(half))) {
            String name = od.fixed() ? "pruned" : "ondemand";
            Trainer scratch = trainer(o, od, v, train, valid, dir.resolve("scratch-" + name), total);
            Trainer.Summary sa = scratch.run(false);
            assertEquals(total, sa.steps());
            Trainer fork = trainer(o, od, v, train, valid, dir.resolve("fork-" + name), total);
            fork.forkFrom = main.checkpointPath();
            Trainer.Summary sf = fork.run(false);
            assertEquals(total, sf.steps());
            assertEquals(sa.lastLoss(), sf.lastLoss(), 0.0, name + ": final training loss");
            assertArrayEquals(params(scratch.checkpointPath()), params(fork.checkpointPath()), name + ": parameters of the fork");
            assertArrayEquals(section(scratch.checkpointPath(), LevelMasksCodec.SECTION),
                    section(fork.checkpointPath(), LevelMasksCodec.SECTION), name + ": masks");
            assertEquals(metricsWithoutTimes(scratch.metricsPath()), metricsWithoutTimes(fork.metricsPath()), name);
            assertTrue(java.nio.file.Files.exists(fork.checkpointPath().resolveSibling("train.conf")));
        }

        // the on-demand run continued past half has masks: no longer a fork point
        Trainer later = trainer(o, onDemandKd(half), v, train, valid, dir.resolve("main"), half + 3);
        later.run(true);
        Trainer late = trainer(o, oneShot(half, Criterion.MAGNITUDE), v, train, valid, dir.resolve("late"), total);
        late.forkFrom = later.checkpointPath();
        IOException e = assertThrows(IOException.class, () -> late.run(false));
        assertTrue(e.getMessage().contains("after pruning began") && e.getMessage().contains(later.checkpointPath().toString()), e.getMessage());

        Trainer taylor = trainer(o, oneShot(half, Criterion.TAYLOR), v, train, valid, dir.resolve("taylor"), total);
        taylor.forkFrom = main.checkpointPath();
        assertTrue(assertThrows(IOException.class, () -> taylor.run(false)).getMessage().contains("taylor"));
    }
}

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
 * An on-demand run interrupted in the middle of its prune schedule and resumed must end exactly
 * where the uninterrupted run does: same final loss, parameters, masks and metrics. The
 * interruption falls between two mask updates, after sub-networks have run (per-level recurrent
 * states and "ran last step" flags in flight), with Taylor scores partly accumulated.
 */
class OnDemandResumeTest {
    @TempDir Path dir;

    private static Trainer trainer(TrainOptions o, OnDemandHook.OptionsFactory od, Vocabulary v, Corpus train, Corpus valid,
                                   Path out, long stopAfter) {
        Trainer t = new Trainer(o, v, train, valid, out, ProgressBar.silent());
        t.hook = new OnDemandHook(od, null, o.seed);
        t.stopAfterSteps = stopAfter;
        return t;
    }

    private void check(TrainOptions o, OnDemandOptions od, long total, long interruptAt) throws IOException {
        assertTrue(od.schedule().fraction(interruptAt) > 0 && od.schedule().fraction(interruptAt) < 1, "interrupted mid-schedule");
        assertTrue(od.schedule().fraction(total) >= 1, "schedule finished by the end");
        check(o, o, planned -> od, total, interruptAt);
    }

    /** {@code resumed} may differ from {@code o} in what --resume allows to change (--epochs). */
    private void check(TrainOptions o, TrainOptions resumed, OnDemandHook.OptionsFactory od, long total, long interruptAt)
            throws IOException {
        Vocabulary v = TinySetup.vocab();
        Corpus train = TinySetup.corpus(TinySetup.TEXT, 40, v);
        Corpus valid = TinySetup.corpus(TinySetup.VALID, 10, v);

        Trainer straight = trainer(o, od, v, train, valid, dir.resolve("a"), total);
        Trainer.Summary sa = straight.run(false);
        assertEquals(total, sa.steps());

        Trainer first = trainer(o, od, v, train, valid, dir.resolve("b"), interruptAt);
        assertEquals(interruptAt, first.run(false).steps());
        Trainer second = trainer(resumed, od, v, train, valid, dir.resolve("b"), total);
        Trainer.Summary sb = second.run(true);

        assertEquals(total, sb.steps());
        assertEquals(sa.lastLoss(), sb.lastLoss(), 0.0, "final training loss");
        float[] pa = params(straight.checkpointPath());
        assertArrayEquals(pa, params(second.checkpointPath()), "parameters after resume");
        assertArrayEquals(section(straight.checkpointPath(), LevelMasksCodec.SECTION),
                section(second.checkpointPath(), LevelMasksCodec.SECTION), "level masks");
        assertEquals(metricsWithoutTimes(straight.metricsPath()), metricsWithoutTimes(second.metricsPath()));
    }

    private static TrainOptions options() {
        TrainOptions o = TinySetup.tinyOptions();
        o.dropoutEmbed = 0.1;
        o.dropoutState = 0.1;
        o.dropoutLayers = 0.1;
        o.dropoutOutput = 0.2;
        return o;
    }

    /** Sandwich + online KD + cubic schedule, magnitude element masks; across an epoch end. */
    @Test void sandwichOnlineKdCubicResumesBitIdentically() throws IOException {
        PruneOptions po = PruneOptions.defaults(SparsityLevels.parse("0.3,0.5,0.7"));
        OnDemandOptions od = new OnDemandOptions(po, PruneSchedule.gradual(3, 21, 3), false,
                SubnetSelection.parse("sandwich"), new DistillOptions(DistillOptions.Mode.ONLINE, 0.5, 2.0));
        check(options(), od, 28, 13);
    }

    /** Taylor scores (accumulated between updates) with unit masks and random:2 subnets, sentence resets. */
    @Test void taylorUnitRandomSubnetsResumeBitIdentically() throws IOException {
        TrainOptions o = options();
        o.resetAtSentenceStart = true;
        PruneOptions po = new PruneOptions(SparsityLevels.parse("0.25,0.5"), true, Criterion.TAYLOR, Ranking.PER_MATRIX,
                PruneTarget.defaults(), false);
        OnDemandOptions od = new OnDemandOptions(po, PruneSchedule.gradual(2, 14, 4), false,
                SubnetSelection.parse("random:2"), new DistillOptions(DistillOptions.Mode.ONLINE, 0.7, 1.0));
        check(o, od, 20, 9);
    }

    /**
     * The default schedule depends on the planned steps (--epochs); a run resumed with more
     * epochs keeps the schedule it started with, so it still matches the uninterrupted run.
     */
    @Test void resumeWithMoreEpochsKeepsTheDefaultSchedule() throws IOException {
        TrainOptions o = options();
        o.epochs = 2;                    // ~23 chunks per epoch: dense to 23, cubic from 23 to 34, every step
        TrainOptions more = options();
        more.epochs = 4;                 // would give cubic 46..66 if it were re-derived
        PruneOptions po = PruneOptions.defaults(SparsityLevels.parse("0.4,0.8"));
        OnDemandHook.OptionsFactory f = planned -> new OnDemandOptions(po, OnDemandHook.defaultSchedule(false, planned), false,
                SubnetSelection.parse("all"), new DistillOptions(DistillOptions.Mode.ONLINE, 0.5, 1.0));
        assertEquals("cubic:23:34:1", f.create(46).schedule().toString());
        assertEquals("cubic:46:66:1", f.create(92).schedule().toString());
        check(o, more, f, 40, 28);
    }
}

package moglm.distill;

import static moglm.testutil.Checkpoints.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import moglm.level.LevelMasksCodec;
import moglm.level.SparsityLevels;
import moglm.model.Vocabulary;
import moglm.prune.PruneOptions;
import moglm.prune.PruneSchedule;
import moglm.train.Corpus;
import moglm.train.ProgressBar;
import moglm.train.TinySetup;
import moglm.train.TrainOptions;
import moglm.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On-demand levels with the sampled output take the row-lazy path (the step's vocabulary rows
 * only: restricted masks, lazy optimizer). Where the lazy update must equal the dense one, the
 * runs must agree bit for bit: plain SGD (a zero gradient leaves a row unchanged) with a sample
 * smaller than the vocabulary, and Adam with a sample covering every word. A run interrupted
 * and resumed must end where the uninterrupted one does.
 */
class SampledLevelsTest {
    @TempDir Path dir;

    private static TrainOptions options(String optimizer, int samples) {
        TrainOptions o = TinySetup.tinyOptions();
        o.output = "sampled";
        o.numSamples = samples;
        o.optimizer = optimizer;
        if (optimizer.equals("sgd")) {
            o.lr = 0.5;
            o.momentum = 0;
        }
        o.dropoutEmbed = 0.1;
        o.dropoutOutput = 0.2;
        return o;
    }

    private static OnDemandOptions levels(boolean units) {
        PruneOptions po = PruneOptions.defaults(SparsityLevels.parse("0.3,0.6"));
        if (units) po = new PruneOptions(po.levels(), true, po.criterion(), po.ranking(), po.targets(), false);
        return new OnDemandOptions(po, PruneSchedule.gradual(2, 10, 2), false, SubnetSelection.parse("sandwich"),
                new DistillOptions(DistillOptions.Mode.ONLINE, 0.5, 2.0));
    }

    private Trainer trainer(TrainOptions o, OnDemandOptions od, Path out, long steps, boolean dense) throws IOException {
        Vocabulary v = TinySetup.vocab();
        Trainer t = new Trainer(o, v, TinySetup.corpus(TinySetup.TEXT, 40, v), TinySetup.corpus(TinySetup.VALID, 10, v), out,
                ProgressBar.silent());
        t.hook = new OnDemandHook(planned -> od, null, o.seed);
        t.stopAfterSteps = steps;
        t.denseUpdate = dense;
        return t;
    }

    private void lazyEqualsDense(TrainOptions o, OnDemandOptions od, String name) throws IOException {
        Trainer lazy = trainer(o, od, dir.resolve(name + "-lazy"), 14, false);
        Trainer dense = trainer(o, od, dir.resolve(name + "-dense"), 14, true);
        Trainer.Summary a = lazy.run(false), b = dense.run(false);
        assertEquals(b.lastLoss(), a.lastLoss(), 0.0, "final training loss");
        float[] pa = params(lazy.checkpointPath()), pb = params(dense.checkpointPath());
        assertArrayEquals(pb, pa, "parameters");
        assertArrayEquals(section(dense.checkpointPath(), LevelMasksCodec.SECTION),
                section(lazy.checkpointPath(), LevelMasksCodec.SECTION), "level masks");
        assertArrayEquals(section(dense.checkpointPath(), OnDemandHook.RESUME_SECTION),
                section(lazy.checkpointPath(), OnDemandHook.RESUME_SECTION), "masks in force and level states");
        Trainer zero = trainer(o, od, dir.resolve(name + "-zero"), 0, true);
        zero.initOnly = true;
        zero.run(false);
        float[] start = params(zero.checkpointPath());
        int changed = 0;
        for (int i = 0; i < pa.length; i++) if (pa[i] != start[i]) changed++;
        assertTrue(changed > pa.length / 10, "training moved the parameters: " + changed + " of " + pa.length);
    }

    @Test void sgdWithASmallSampleMatchesTheDenseStepBitForBit() throws IOException {
        lazyEqualsDense(options("sgd", 20), levels(false), "sgd");
    }

    @Test void unitLevelsWithSgdMatchTheDenseStepBitForBit() throws IOException {
        lazyEqualsDense(options("sgd", 20), levels(true), "units");
    }

    @Test void taylorScoresWithSgdMatchTheDenseStepBitForBit() throws IOException {
        PruneOptions po = new PruneOptions(SparsityLevels.parse("0.3,0.6"), false, moglm.prune.Criterion.TAYLOR,
                moglm.level.Ranking.PER_MATRIX, moglm.level.PruneTarget.defaults(), false);
        lazyEqualsDense(options("sgd", 20), new OnDemandOptions(po, PruneSchedule.gradual(2, 10, 2), false,
                SubnetSelection.parse("sandwich"), new DistillOptions(DistillOptions.Mode.ONLINE, 0.5, 2.0)), "taylor");
    }

    @Test void adamWithASampleOfEveryWordMatchesTheDenseStepBitForBit() throws IOException {
        lazyEqualsDense(options("adam", 100_000), levels(false), "adam");
    }

    @Test void resumeOfASampledRunWithLevelsEqualsTheUninterruptedRun() throws IOException {
        TrainOptions o = options("adam", 20);
        OnDemandOptions od = levels(false);
        Trainer straight = trainer(o, od, dir.resolve("a"), 16, false);
        Trainer.Summary sa = straight.run(false);
        assertEquals(7, trainer(o, od, dir.resolve("b"), 7, false).run(false).steps());
        Trainer second = trainer(o, od, dir.resolve("b"), 16, false);
        Trainer.Summary sb = second.run(true);
        assertEquals(16, sb.steps());
        assertEquals(sa.lastLoss(), sb.lastLoss(), 0.0, "final training loss");
        assertArrayEquals(params(straight.checkpointPath()), params(second.checkpointPath()), "parameters after resume");
        assertArrayEquals(section(straight.checkpointPath(), LevelMasksCodec.SECTION),
                section(second.checkpointPath(), LevelMasksCodec.SECTION), "level masks");
        assertEquals(metricsWithoutTimes(straight.metricsPath()), metricsWithoutTimes(second.metricsPath()));
    }
}

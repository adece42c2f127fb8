package moglm.train;

import moglm.model.Vocabulary;
import static moglm.testutil.Checkpoints.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An interrupted and resumed run must end exactly where an uninterrupted one does. */
class TrainerResumeTest {
    @TempDir Path dir;

    private void check(TrainOptions o, long total, long interruptAt) throws IOException {
        Vocabulary v = TinySetup.vocab();
        Corpus train = TinySetup.corpus(TinySetup.TEXT, 40, v);
        Corpus valid = TinySetup.corpus(TinySetup.VALID, 10, v);

        Path a = dir.resolve("a" + o.resetAtSentenceStart), b = dir.resolve("b" + o.resetAtSentenceStart);
        Trainer straight = new Trainer(o, v, train, valid, a, ProgressBar.silent());
        straight.stopAfterSteps = total;
        Trainer.Summary sa = straight.run(false);
        assertEquals(total, sa.steps());

        Trainer first = new Trainer(o, v, train, valid, b, ProgressBar.silent());
        first.stopAfterSteps = interruptAt;
        assertEquals(interruptAt, first.run(false).steps());
        Trainer second = new Trainer(o, v, train, valid, b, ProgressBar.silent());
        second.stopAfterSteps = total;
        Trainer.Summary sb = second.run(true);

        assertEquals(total, sb.steps());
        assertEquals(sa.tokens(), sb.tokens());
        assertEquals(sa.lastLoss(), sb.lastLoss(), 0.0, "final training loss");
        assertArrayEquals(params(straight.checkpointPath()), params(second.checkpointPath()), "parameters after resume");
        assertEquals(metricsWithoutTimes(straight.metricsPath()), metricsWithoutTimes(second.metricsPath()));
        assertTrue(Files.size(straight.plotPath()) > 1000, "plot written");
        assertTrue(Files.exists(straight.modelPath()));
    }

    @Test void resumeAcrossAnEpochBoundaryEqualsUninterruptedRun() throws IOException {
        TrainOptions o = TinySetup.tinyOptions();
        // 40 sentences (~720 targets) / (B=4 * T=8) -> ~23 chunks per epoch: 30 steps cross an epoch end,
        // an evaluation and possibly an lr decay; dropout exercises the per-step random stream
        o.dropoutEmbed = 0.2;
        o.dropoutState = 0.1;
        o.dropoutLayers = 0.2;
        o.dropoutOutput = 0.2;
        check(o, 30, 17);
    }

    @Test void resumeUnderTheCosineScheduleEqualsUninterruptedRun() throws IOException {
        TrainOptions o = TinySetup.tinyOptions();
        o.lrSchedule = "cosine";
        o.epochs = 2;
        check(o, 40, 13);
    }

    @Test void resumeWithTwoReplicasEqualsUninterruptedRun() throws IOException {
        TrainOptions o = TinySetup.tinyOptions();
        o.replicas = 2;
        o.dropoutEmbed = 0.2;
        o.dropoutState = 0.1;
        check(o, 30, 17);
    }

    @Test void resumeWithTheSampledOutputEqualsUninterruptedRun() throws IOException {
        TrainOptions o = TinySetup.tinyOptions();
        o.output = "sampled";
        o.numSamples = 25;
        o.dropoutEmbed = 0.2;
        check(o, 30, 17);
    }

    @Test void resumeWithNceAndWithSampledSoftmaxEqualsUninterruptedRun() throws IOException {
        TrainOptions o = TinySetup.tinyOptions();
        o.output = "sampled";
        o.numSamples = 25;
        o.sampledObjective = "nce";
        check(o, 30, 17);
        o.sampledObjective = "softmax";
        o.logZPenalty = 0.5;
        o.resetAtSentenceStart = true;   // another pair of directories
        check(o, 30, 11);
    }

    @Test void cosineScheduleGoesFromLrToMinLr() {
        TrainOptions o = TinySetup.tinyOptions();
        o.lr = 0.004;
        o.minLr = 0.0001;
        Trainer t = new Trainer(o, null, null, null, dir, ProgressBar.silent());
        assertEquals(0.004, t.cosineLr(0, 100), 1e-12);
        assertEquals(0.00205, t.cosineLr(50, 100), 1e-12);
        assertEquals(0.0001, t.cosineLr(100, 100), 1e-12);
        assertEquals(0.0001, t.cosineLr(130, 100), 1e-12, "no rise after the planned end");
        assertTrue(t.cosineLr(10, 100) > t.cosineLr(11, 100));
    }

    @Test void resumeWithSentenceResetsEqualsUninterruptedRun() throws IOException {
        TrainOptions o = TinySetup.tinyOptions();
        o.resetAtSentenceStart = true;
        o.optimizer = "sgd";
        o.momentum = 0.9;
        o.lr = 0.1;
        o.evalInterval = 100;
        check(o, 20, 9);
    }

    @Test void resumeRefusesChangedOptions() throws IOException {
        Vocabulary v = TinySetup.vocab();
        Corpus train = TinySetup.corpus(TinySetup.TEXT, 20, v);
        TrainOptions o = TinySetup.tinyOptions();
        Trainer t = new Trainer(o, v, train, null, dir.resolve("c"), ProgressBar.silent());
        t.stopAfterSteps = 2;
        t.run(false);
        TrainOptions changed = TinySetup.tinyOptions();
        changed.lr = 1e-2;
        changed.epochs = 99;   // allowed to change
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(changed, v, train, null, dir.resolve("c"), ProgressBar.silent()).run(true));
        assertTrue(e.getMessage().contains("--lr 0.003 -> 0.01") && !e.getMessage().contains("--epochs 50"), e.getMessage());
    }
}

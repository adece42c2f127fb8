package moglm.l0;

import static moglm.testutil.Checkpoints.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import moglm.train.Corpus;
import moglm.train.ProgressBar;
import moglm.train.TinySetup;
import moglm.train.TrainOptions;
import moglm.train.Trainer;
import moglm.model.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An L0 run interrupted during the warm-up (gates, multipliers, the gates' Adam moments and the
 * carried recurrent states in flight) and resumed ends exactly where the uninterrupted run does:
 * same final loss, parameters, gates, multipliers and metrics; for unit gates and for gates on
 * units, gate rows and mogrifier rows.
 */
class L0ResumeTest {
    @TempDir Path dir;

    private static Trainer trainer(TrainOptions o, Set<Structure> s, Vocabulary v, Corpus train, Corpus valid, Path out, long stopAfter) {
        Trainer t = new Trainer(o, v, train, valid, out, ProgressBar.silent());
        t.hook = new L0Hook(planned -> new L0Options(0.5, 16, 0.1, 0.5, 1.5, 0, 1, 0, L0Options.DEFAULT_LAMBDA2_INIT, s), o.seed);
        t.stopAfterSteps = stopAfter;
        return t;
    }

    private void check(Set<Structure> s, String gatesSection) throws IOException {
        TrainOptions o = TinySetup.tinyOptions();
        o.dropoutState = 0.1;
        o.dropoutOutput = 0.2;
        Vocabulary v = TinySetup.vocab();
        Corpus train = TinySetup.corpus(TinySetup.TEXT, 40, v);
        Corpus valid = TinySetup.corpus(TinySetup.VALID, 10, v);
        long total = 20, interruptAt = 9;
        Path a = dir.resolve(Structure.format(s) + "-a"), b = dir.resolve(Structure.format(s) + "-b");
        Trainer straight = trainer(o, s, v, train, valid, a, total);
        Trainer.Summary sa = straight.run(false);
        Trainer first = trainer(o, s, v, train, valid, b, interruptAt);
        assertEquals(interruptAt, first.run(false).steps());
        Trainer second = trainer(o, s, v, train, valid, b, total);
        Trainer.Summary sb = second.run(true);
        assertEquals(total, sb.steps());
        assertEquals(sa.lastLoss(), sb.lastLoss(), 0.0, "final training loss");
        assertArrayEquals(params(straight.checkpointPath()), params(second.checkpointPath()), "parameters after resume");
        for (String sec : List.of(gatesSection, L0Hook.LAMBDA_SECTION, L0Hook.RESUME_SECTION))
            assertArrayEquals(section(straight.checkpointPath(), sec), section(second.checkpointPath(), sec), sec);
        assertEquals(metricsWithoutTimes(straight.metricsPath()), metricsWithoutTimes(second.metricsPath()));
    }

    @Test void unitGatesResumeBitIdentically() throws IOException {
        check(EnumSet.of(Structure.UNITS), L0Hook.GATES_SECTION);
    }

    @Test void structureGatesResumeBitIdentically() throws IOException {
        check(EnumSet.of(Structure.UNITS, Structure.GATE_ROWS, Structure.MOG), L0Hook.STRUCTURE_GATES_SECTION);
    }
}

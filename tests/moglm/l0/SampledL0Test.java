package moglm.l0;

import static moglm.testutil.Checkpoints.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import moglm.model.Vocabulary;
import moglm.train.ProgressBar;
import moglm.train.TinySetup;
import moglm.train.TrainOptions;
import moglm.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * L0 gates with the sampled output take the row-lazy path (restricted masks, gate gradients over
 * the step's rows, lazy optimizer). With plain SGD (a zero gradient leaves a row unchanged) and a
 * sample smaller than the vocabulary it must give bit for bit the parameters, gates and
 * multipliers of the dense optimizer step; for unit gates (tied: an embedding column mask) and
 * for gates on embedding dimensions of an untied model (a separate output matrix) too.
 */
class SampledL0Test {
    @TempDir Path dir;

    private Trainer trainer(Set<Structure> s, Path out, boolean dense) throws IOException {
        TrainOptions o = TinySetup.tinyOptions();
        o.tied = !s.contains(Structure.EMBED);   // embedding-dimension gates need an untied model
        o.output = "sampled";
        o.numSamples = 20;
        o.optimizer = "sgd";
        o.momentum = 0;
        o.lr = 0.5;
        o.dropoutOutput = 0.2;
        Vocabulary v = TinySetup.vocab();
        Trainer t = new Trainer(o, v, TinySetup.corpus(TinySetup.TEXT, 40, v), null, out, ProgressBar.silent());
        t.hook = new L0Hook(planned -> new L0Options(0.5, 6, 0.1, 0.5, 1.5, 0.3, 1, 0, L0Options.DEFAULT_LAMBDA2_INIT, s), o.seed);
        t.stopAfterSteps = 12;
        t.denseUpdate = dense;
        return t;
    }

    private void check(Set<Structure> s, String gatesSection) throws IOException {
        String name = Structure.format(s);
        Trainer lazy = trainer(s, dir.resolve(name + "-lazy"), false), dense = trainer(s, dir.resolve(name + "-dense"), true);
        Trainer.Summary a = lazy.run(false), b = dense.run(false);
        assertEquals(b.lastLoss(), a.lastLoss(), 0.0, "final training loss");
        assertArrayEquals(params(dense.checkpointPath()), params(lazy.checkpointPath()), "parameters");
        for (String sec : List.of(gatesSection, L0Hook.LAMBDA_SECTION, L0Hook.RESUME_SECTION))
            assertArrayEquals(section(dense.checkpointPath(), sec), section(lazy.checkpointPath(), sec), sec);
    }

    @Test void unitGatesMatchTheDenseStepBitForBit() throws IOException {
        check(EnumSet.of(Structure.UNITS), L0Hook.GATES_SECTION);
    }

    @Test void embeddingDimensionGatesMatchTheDenseStepBitForBit() throws IOException {
        check(EnumSet.of(Structure.UNITS, Structure.EMBED, Structure.GATE_ROWS), L0Hook.STRUCTURE_GATES_SECTION);
    }
}

package moglm.train;

import moglm.model.Vocabulary;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import moglm.modelfile.ModelFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** Each optimiser, run for a few dozen steps on real text, lowers the (dropout-free) loss. */
class OptimizersLowerLossTest {
    @TempDir Path dir;

    @ParameterizedTest
    @CsvSource({"sgd,1.0,0", "sgd,0.3,0.9", "adam,0.01,0", "adamw,0.01,0", "rmsprop,0.003,0"})
    void lowersTrainingAndHeldOutLoss(String name, double lr, double momentum) throws IOException {
        Vocabulary v = TinySetup.vocab();
        Corpus train = TinySetup.corpus(TinySetup.TEXT, 120, v);
        Corpus valid = TinySetup.corpus(TinySetup.VALID, 60, v);
        TrainOptions o = TinySetup.tinyOptions();
        o.optimizer = name;
        o.lr = lr;
        o.momentum = momentum;
        o.batchSize = 8;
        o.bptt = 10;
        o.weightDecay = name.equals("adamw") ? 0.01 : 0;
        o.dropoutEmbed = o.dropoutState = o.dropoutLayers = o.dropoutOutput = 0;
        Trainer t = new Trainer(o, v, train, null, dir, ProgressBar.silent());
        t.stopAfterSteps = 60;
        t.run(false);
        try (ModelFile.Loaded trained = ModelFile.read(t.modelPath())) {
            double after = Evaluator.evaluate(trained.model(), train, 1, 20, false).meanLoss();
            double afterValid = Evaluator.evaluate(trained.model(), valid, 1, 20, false).meanLoss();
            try (moglm.model.MogrifierLM init = new moglm.model.MogrifierLM(trained.model().config(), moglm.model.Precision.FLOAT)) {
                init.initRandom(o.seed);
                double before = Evaluator.evaluate(init, train, 1, 20, false).meanLoss();
                double beforeValid = Evaluator.evaluate(init, valid, 1, 20, false).meanLoss();
                assertTrue(after < before - 0.5, name + ": train loss " + before + " -> " + after);
                assertTrue(afterValid < beforeValid - 0.3, name + ": held-out loss " + beforeValid + " -> " + afterValid);
            }
        }
    }
}

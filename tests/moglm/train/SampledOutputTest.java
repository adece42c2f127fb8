package moglm.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import moglm.cli.Main;
import moglm.modelfile.ModelFile;
import moglm.rescore.neural.LoadedModel;
import moglm.rescore.neural.ModelLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sampled output layer end to end: the sampler's inclusion probabilities, training with
 * --output=sampled alone and together with on-demand levels + online distillation and with L0,
 * the model file's output key and the rescoring default it implies.
 */
class SampledOutputTest {
    static final Path TEXT = Path.of("tests/moglm/train/data/ljspeech_lm_400.txt");
    static final Path VALID = Path.of("tests/moglm/train/data/ljspeech_lm_valid60.txt");

    @TempDir Path dir;

    @Test void samplerIncludesTargetsAndDrawsEachWordWithItsInclusionProbability() {
        long[] counts = new long[50];
        for (int w = 0; w < counts.length; w++) counts[w] = (long) (1000 / (w + 1.0));
        OutputSampler s = new OutputSampler(counts, 10);
        int[] targets = {3, 7, 3, -1, 40};
        int draws = 20000;
        double[] hits = new double[counts.length], pis = new double[counts.length];
        Random rng = new Random(5);
        for (int d = 0; d < draws; d++) {
            OutputSampler.Sample smp = s.sample(targets, rng);
            assertEquals(3 + 10, smp.words().length, "targets + numSamples words");
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < smp.words().length; i++) {
                int w = smp.words()[i];
                assertTrue(seen.add(w), "no word twice");
                hits[w]++;
                pis[w] = 1 / smp.inverseProbs()[i];
            }
            assertTrue(seen.contains(3) && seen.contains(7) && seen.contains(40), "every target is in the sample");
        }
        double sumPi = 0;
        for (int w = 0; w < counts.length; w++) {
            if (w == 3 || w == 7 || w == 40) {
                assertEquals(1.0, pis[w], 0.0, "target inclusion probability");
                continue;
            }
            sumPi += pis[w];
            double freq = hits[w] / draws;
            // binomial standard error of the frequency, 5 sigma
            double se = Math.sqrt(Math.max(pis[w] * (1 - pis[w]), 1e-6) / draws);
            assertEquals(pis[w], freq, 5 * se + 1e-9, "inclusion frequency of word " + w);
        }
        assertEquals(10.0, sumPi, 1e-3, "inclusion probabilities of the free words sum to numSamples");
        // a function of (seed, step)
        assertArrayEquals(s.sample(targets, 9, 4).words(), s.sample(targets, 9, 4).words());
    }

    private static String run(int want, String... args) {
        PrintStream old = System.out, oldErr = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(buf, true);
        System.setOut(p);
        System.setErr(p);
        try {
            int rc = Main.commandLine().execute(args);
            assertEquals(want, rc, "exit code of moglm " + String.join(" ", args) + "\n" + buf);
        } finally {
            System.setOut(old);
            System.setErr(oldErr);
        }
        return buf.toString();
    }

    private String[] train(Path out, String... extra) throws Exception {
        Path train = dir.resolve("train.txt");
        if (!Files.exists(train)) Files.write(train, Files.readAllLines(TEXT).subList(0, 120));
        List<String> a = new java.util.ArrayList<>(List.of("train", "--embed-size=12", "--hidden-size=12", "--rounds=2",
                "--batch-size=4", "--bptt=10", "--epochs=2", "--lr=0.004", "--vocab-size=200", "--threads=1",
                "--checkpoint-minutes=0", "--output=sampled", "--num-samples=30", "--valid-text=" + VALID));
        a.addAll(List.of(extra));
        a.add(train.toString());
        a.add(out.toString());
        return a.toArray(new String[0]);
    }

    @Test void sampledTrainingLearnsAndMarksTheModelSelfNormalized() throws Exception {
        Path out = dir.resolve("s");
        run(0, train(out));
        Path model = out.resolve("final.mlm");
        try (ModelFile.Loaded f = ModelFile.read(model)) {
            assertEquals("sampled", f.config().get("output"));
        }
        try (LoadedModel m = ModelLoader.load(model, moglm.level.Level.DENSE, 3, 1 << 20)) {
            assertFalse(m.lm().normalizes(), "self-normalized models rescore with normalize-probs=false by default");
        }
        try (LoadedModel m = ModelLoader.load(model, moglm.level.Level.DENSE, 3, 1 << 20, true)) {
            assertTrue(m.lm().normalizes());
        }
        String ppl = run(0, "ppl", model.toString(), VALID.toString());
        java.util.regex.Matcher pm = java.util.regex.Pattern.compile("ppl ([0-9.]+) ").matcher(ppl);
        assertTrue(pm.find(), ppl);
        assertTrue(Double.parseDouble(pm.group(1)) < 200, "better than uniform over the 201 indices: " + ppl);
        java.util.regex.Matcher zm = java.util.regex.Pattern.compile("mean \\|log Z\\| ([0-9.]+)").matcher(ppl);
        assertTrue(zm.find(), ppl);
        // the objective pulls log Z towards 0; an untrained model with unigram output bias starts far from it
        assertTrue(Double.parseDouble(zm.group(1)) < 1.0, "mean |log Z| after sampled training: " + ppl);
    }

    @Test void sampledOutputWithOnDemandLevelsAndOnlineDistillation() throws Exception {
        Path out = dir.resolve("od");
        run(0, train(out, "--levels=0.25,0.5", "--granularity=unit", "--distill=online", "--kd-alpha=0.5", "--kd-temp=2",
                "--prune-schedule=cubic:0:20:10"));
        String info = run(0, "info", out.resolve("final.mlm").toString());
        assertTrue(info.contains("0.25") && info.contains("0.5"), info);
        run(0, "ppl", "--level=0.5", out.resolve("final.mlm").toString(), VALID.toString());
    }

    @Test void nceAndSampledSoftmaxWithOnDemandLevelsAndOnlineDistillation() throws Exception {
        for (String obj : new String[] {"nce", "softmax"}) {
            Path out = dir.resolve("od-" + obj);
            run(0, train(out, "--sampled-objective=" + obj, "--log-z-penalty=0.5", "--levels=0.5", "--granularity=unit",
                    "--distill=online", "--kd-alpha=0.5", "--kd-temp=2", "--prune-schedule=cubic:0:20:10"));
            run(0, "ppl", "--level=0.5", out.resolve("final.mlm").toString(), VALID.toString());
        }
    }

    @Test void sampledOutputWithL0() throws Exception {
        Path out = dir.resolve("l0");
        run(0, train(out, "--granularity=l0", "--target-size=0.6", "--l0-warmup=10", "--l0-lr=0.1", "--l0-lambda-lr=0.2"));
        assertTrue(Files.exists(out.resolve("final.mlm")));
    }

    @Test void sampledOutputWithLowRankInitFrom() throws Exception {
        Path full = dir.resolve("full"), low = dir.resolve("low");
        run(0, train(full, "--rank=0"));
        String log = run(0, train(low, "--rank=2", "--granularity=lowrank", "--init-from=" + full.resolve("final.mlm")));
        assertTrue(Files.exists(low.resolve("final.mlm")), log);
        run(0, "ppl", low.resolve("final.mlm").toString(), VALID.toString());
    }

    /** mean |log Z| that moglm ppl reports for a model on VALID. */
    private double meanAbsLogZ(Path model) throws Exception {
        String ppl = run(0, "ppl", model.toString(), VALID.toString());
        java.util.regex.Matcher zm = java.util.regex.Pattern.compile("mean \\|log Z\\| ([0-9.]+)").matcher(ppl);
        assertTrue(zm.find(), ppl);
        return Double.parseDouble(zm.group(1));
    }

    @Test void theLogZPenaltyTightensSelfNormalizationAndIsRecorded() throws Exception {
        Path plain = dir.resolve("plain"), pen = dir.resolve("pen");
        run(0, train(plain));
        run(0, train(pen, "--log-z-penalty=5"));
        try (ModelFile.Loaded f = ModelFile.read(pen.resolve("final.mlm"))) {
            assertEquals("5.0", f.config().get("train.log-z-penalty"), f.config().toString());
        }
        double a = meanAbsLogZ(plain.resolve("final.mlm")), b = meanAbsLogZ(pen.resolve("final.mlm"));
        assertTrue(b < a, "mean |log Z| with the penalty " + b + " vs without " + a);
        String[] softmax = train(dir.resolve("x"), "--log-z-penalty=1");
        for (int i = 0; i < softmax.length; i++) if (softmax[i].equals("--output=sampled")) softmax[i] = "--output=softmax";
        assertTrue(run(1, softmax).contains("--log-z-penalty goes with --output=sampled"));
        assertTrue(run(1, train(dir.resolve("neg"), "--log-z-penalty=-1")).contains("--log-z-penalty must be finite and >= 0"));
    }

    @Test void theNoiseMeasureSumsToNumSamplesAndFollowsTheProposal() {
        long[] counts = new long[50];
        for (int w = 0; w < counts.length; w++) counts[w] = (long) (5000 / (w + 1.0) / (w + 1.0));
        OutputSampler s = new OutputSampler(counts, 10);
        double sum = 0;
        for (int w = 0; w < counts.length; w++) {
            sum += s.noise(w);
            assertTrue(s.noise(w) > 0 && s.noise(w) <= 1, "noise of " + w);
            if (s.noise(w) < 1) assertEquals(s.noise(w) / s.proposal(w), s.noise(49) / s.proposal(49), 1e-9, "proportional below the cap");
        }
        assertEquals(10.0, sum, 1e-9);
        assertEquals(1.0, s.noise(0), 0.0, "the most frequent word is capped at 1 here");
        assertArrayEquals(new float[] {(float) s.noise(3), (float) s.noise(40)}, s.noise(new int[] {3, 40}));
        OutputSampler all = new OutputSampler(counts, 60);
        for (int w = 0; w < counts.length; w++) assertEquals(1.0, all.noise(w), 0.0, "K >= V: every word at 1");
    }

    @Test void sampledSoftmaxAndNceTrainAndAreRecorded() throws Exception {
        for (String obj : new String[] {"softmax", "nce"}) {
            Path out = dir.resolve(obj);
            run(0, train(out, "--sampled-objective=" + obj, "--log-z-penalty=" + (obj.equals("softmax") ? "1" : "0")));
            try (ModelFile.Loaded f = ModelFile.read(out.resolve("final.mlm"))) {
                assertEquals(obj, f.config().get("train.sampled-objective"), f.config().toString());
            }
            String ppl = run(0, "ppl", out.resolve("final.mlm").toString(), VALID.toString());
            java.util.regex.Matcher pm = java.util.regex.Pattern.compile("ppl ([0-9.]+) ").matcher(ppl);
            assertTrue(pm.find(), ppl);
            assertTrue(Double.parseDouble(pm.group(1)) < 200, obj + ": better than uniform over the 201 indices: " + ppl);
        }
        Path k = dir.resolve("kaldi");
        run(0, train(k, "--sampled-objective=kaldi"));
        try (ModelFile.Loaded f = ModelFile.read(k.resolve("final.mlm"))) {
            assertNull(f.config().get("train.sampled-objective"), "the default is not recorded (older checkpoints stay resumable)");
        }
        assertTrue(run(1, train(dir.resolve("bad"), "--sampled-objective=hinge")).contains("--sampled-objective must be kaldi, softmax or nce"));
        String[] full = train(dir.resolve("full"), "--sampled-objective=nce");
        for (int i = 0; i < full.length; i++) if (full[i].equals("--output=sampled")) full[i] = "--output=softmax";
        assertTrue(run(1, full).contains("--sampled-objective goes with --output=sampled"));
    }

    @Test void sampledOutputRefusesAFactoredOutputMatrix() throws Exception {
        assertTrue(run(1, train(dir.resolve("bad"), "--embed-rank=4")).contains("--output=sampled needs a dense output matrix"));
    }
}

package moglm.l0;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import moglm.model.MogrifierLM;
import moglm.train.Corpus;
import moglm.train.Evaluator;
import moglm.train.TrainOptions;

/** The end-of-training lines of structured L0 training (expected and deterministic sizes per structure). */
final class StructureReport {
    private StructureReport() {}

    static List<String> lines(L0Training training, StructureGates g, L0Training.Result last, MogrifierLM m, Corpus valid,
                              TrainOptions opt) {
        List<String> out = new ArrayList<>();
        double[] expected = g.expectedKept();
        double[][] z = g.deterministic();
        Map<Structure, double[]> per = new EnumMap<>(Structure.class);   // expected kept, deterministic kept, total
        for (int i = 0; i < g.groups(); i++) {
            GateMap.Group grp = g.map().groups().get(i);
            double[] t = per.computeIfAbsent(grp.structure(), s -> new double[3]);
            t[0] += expected[i];
            for (double v : z[i]) if (v != 0) t[1]++;
            t[2] += grp.size();
        }
        StringBuilder e = new StringBuilder(), d = new StringBuilder();
        for (Map.Entry<Structure, double[]> x : per.entrySet()) {
            e.append(String.format(Locale.ROOT, "%s%s %.1f of %.0f", e.length() == 0 ? "" : ", ", x.getKey().option(), x.getValue()[0], x.getValue()[2]));
            d.append(String.format(Locale.ROOT, "%s%s %.0f of %.0f", d.length() == 0 ? "" : ", ", x.getKey().option(), x.getValue()[1], x.getValue()[2]));
        }
        Lagrangian lg = training.lagrangian();
        out.add(String.format(Locale.ROOT, "l0: expected size %.4f of dense (target %.4f, lambda1 %.4g, lambda2 %.4g); expected open gates: %s",
                training.expectedSize(), last == null ? Double.NaN : last.target(), lg.lambda1(0), lg.lambda2(0), e));
        double[] f = g.flat(z);
        for (int i = 0; i < f.length; i++) f[i] = f[i] != 0 ? 1 : 0;
        double kept = new ExpectedSize(g.map()).value(f, null);
        out.add(String.format(Locale.ROOT, "l0: the deterministic model keeps %s: %.0f non-zero parameters (%.1f%% of %d)", d, kept,
                100 * kept / m.numParams(), m.numParams()));
        if (valid != null) out.add(gatedValidLine(m, valid, opt, () -> g.apply(m, z)));
        return out;
    }

    /** The report line of the deterministic gated model's validation perplexity; the gates are cleared after. */
    static String gatedValidLine(MogrifierLM m, Corpus valid, TrainOptions opt, Runnable applyGates) {
        applyGates.run();
        try {
            double ppl = Evaluator.evaluate(m, valid, opt.evalBatch, opt.bptt, opt.resetAtSentenceStart).perplexity();
            return String.format(Locale.ROOT, "l0: deterministic gated model (last weights) valid ppl %.3f", ppl);
        } finally {
            m.clearMasks();
        }
    }
}

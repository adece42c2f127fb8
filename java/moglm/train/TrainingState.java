package moglm.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trainer's counters and schedule state: everything besides parameters, optimiser slots and
 * the recurrent state that a checkpoint must hold for a resumed run to continue exactly as an
 * uninterrupted one. Stored as {@code key=value} text (doubles in Java's round-trip decimal form,
 * so they come back bit for bit).
 */
public final class TrainingState {
    /** Epoch being run (0-based) and the next chunk of it. */
    public int epoch, chunk;
    /** Updates done; training targets seen. */
    public long step, tokens;
    /** Wall time spent training (steps only) and in total (with evaluation, checkpoints), ms. */
    public long trainMillis, totalMillis;
    public double lr;
    public double bestValid = Double.POSITIVE_INFINITY;
    public int badEvals;
    public long nextEvalTokens;
    /** Summed cross-entropy and targets since the last evaluation (for the train ppl). */
    public double intervalLoss;
    public long intervalCount;
    /** Mean loss of the last update. */
    public double lastLoss = Double.NaN;
    public boolean finished;
    /** Step at which the last evaluation ran (-1 = none). */
    public long lastEvalStep = -1;
    /** The metrics log so far (JSON lines). */
    public final List<String> metrics = new ArrayList<>();

    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("epoch", "" + epoch);
        m.put("chunk", "" + chunk);
        m.put("step", "" + step);
        m.put("tokens", "" + tokens);
        m.put("train_millis", "" + trainMillis);
        m.put("total_millis", "" + totalMillis);
        m.put("lr", Double.toString(lr));
        m.put("best_valid", Double.toString(bestValid));
        m.put("bad_evals", "" + badEvals);
        m.put("next_eval_tokens", "" + nextEvalTokens);
        m.put("interval_loss", Double.toString(intervalLoss));
        m.put("interval_count", "" + intervalCount);
        m.put("last_loss", Double.toString(lastLoss));
        m.put("finished", "" + finished);
        m.put("last_eval_step", "" + lastEvalStep);
        return m;
    }

    public static TrainingState fromMap(Map<String, String> m, List<String> metrics) {
        TrainingState s = new TrainingState();
        s.epoch = Integer.parseInt(req(m, "epoch"));
        s.chunk = Integer.parseInt(req(m, "chunk"));
        s.step = Long.parseLong(req(m, "step"));
        s.tokens = Long.parseLong(req(m, "tokens"));
        s.trainMillis = Long.parseLong(req(m, "train_millis"));
        s.totalMillis = Long.parseLong(req(m, "total_millis"));
        s.lr = Double.parseDouble(req(m, "lr"));
        s.bestValid = Double.parseDouble(req(m, "best_valid"));
        s.badEvals = Integer.parseInt(req(m, "bad_evals"));
        s.nextEvalTokens = Long.parseLong(req(m, "next_eval_tokens"));
        s.intervalLoss = Double.parseDouble(req(m, "interval_loss"));
        s.intervalCount = Long.parseLong(req(m, "interval_count"));
        s.lastLoss = Double.parseDouble(req(m, "last_loss"));
        s.finished = Boolean.parseBoolean(req(m, "finished"));
        s.lastEvalStep = Long.parseLong(req(m, "last_eval_step"));
        s.metrics.addAll(metrics);
        return s;
    }

    private static String req(Map<String, String> m, String k) {
        String v = m.get(k);
        if (v == null) throw new IllegalArgumentException("trainer state lacks '" + k + "'");
        return v;
    }
}

package moglm.train;

import java.util.Arrays;
import moglm.model.MogrifierLM;
import moglm.model.ParamSpec;
import moglm.model.TensorNames;
import moglm.train.optim.Optimizer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * The optimizer step of a sampled-output run without touching all V rows: the vocabulary-sized
 * matrices ({@code embed}, and {@code out.weight} when untied) take part only with the rows the
 * step used (the input words' embedding rows and the sampled output rows; every other row has a
 * zero gradient), the rest of the parameters in full. Per step this copies those gradient ranges
 * out of the model, clips their global norm (the omitted elements are zero, so it equals the full
 * norm), copies the same ranges of the parameters out, runs {@link Optimizer#stepPacked} on the
 * packed values (lazy Adam: untouched rows keep their moments), writes the changed parameters
 * back and zeroes exactly the gradients it read. Cost: the touched rows plus the
 * non-vocabulary parameters, not V x E, in time and in memory: it keeps no Java copy of all
 * parameters or gradients (at V = 200k, E = 512 that would be 2 x 400 MB), only packed scratch
 * arrays of a step's elements, grown when a step touches more and then reused (no garbage per
 * step). The values it reads are the model's own, which between steps equal what it wrote.
 *
 * <p>Also used with a hook that keeps to the step's rows ({@link StepHook#vocabularyRowsOnly}:
 * on-demand levels, L0 gates, low rank): the trainer then restricts the model's mask operations
 * to {@link #stepRows} for the step ({@code MogrifierLM#restrictToRows}), so that masks, too, cost
 * the touched rows only. The masks themselves (nested level codes, ranked over whole matrices)
 * are recomputed only at the prune schedule's updates, a full pass amortized over the steps
 * between them; between updates a step reads the codes of its rows only
 * ({@code NestedElementMasks#maskValues}). The output bias (V x 1) is part of the "rest" and is
 * updated in full.
 */
final class LazyRowUpdate {
    private final MogrifierLM model;
    private float[] params = new float[0];   // packed: the elements of the step's ranges, in order
    private float[] grads = new float[0];
    private float[] zeros = new float[0];
    private final int[][] vocabTensors;   // {offset, rows, cols} of embed and untied out.weight
    private final boolean tiedOutput;
    private final int n;
    private final boolean[] rowMark;
    private int[] from = new int[64], to = new int[64];

    LazyRowUpdate(MogrifierLM model) {
        this.model = model;
        this.n = Math.toIntExact(model.numParams());
        java.util.List<int[]> vt = new java.util.ArrayList<>();
        for (ParamSpec s : model.params())
            if (s.name().equals(TensorNames.EMBED) || s.name().equals(TensorNames.OUT_WEIGHT)) vt.add(new int[] {(int) s.offset(), s.rows(), s.cols()});
        vt.sort((a, b) -> Integer.compare(a[0], b[0]));
        this.vocabTensors = vt.toArray(new int[0][]);
        this.tiedOutput = model.config().tied();
        this.rowMark = new boolean[model.config().vocabSize()];
        model.zeroGrads();
    }

    private int count;

    private void add(int f, int t) {
        if (f >= t) return;
        if (count > 0 && to[count - 1] == f) { to[count - 1] = t; return; }
        if (count == from.length) { from = Arrays.copyOf(from, 2 * count); to = Arrays.copyOf(to, 2 * count); }
        from[count] = f;
        to[count] = t;
        count++;
    }

    /** Sorted distinct rows of the union of the given word lists. */
    private int[] rows(int[]... lists) {
        int k = 0;
        for (int[] l : lists) for (int w : l) if (w >= 0 && !rowMark[w]) { rowMark[w] = true; k++; }
        int[] out = new int[k];
        k = 0;
        for (int[] l : lists) for (int w : l) if (w >= 0 && rowMark[w]) { rowMark[w] = false; out[k++] = w; }
        Arrays.sort(out);
        return out;
    }

    /** Sorted distinct vocabulary rows of a step: its input words and its output sample. */
    int[] stepRows(int[] inputs, int[] sample) { return rows(inputs, sample); }

    /**
     * The update after a backward: inputs are the step's input words, sample its output sample.
     * @return the gradient norm before clipping
     */
    double step(int[] inputs, int[] sample, Optimizer optimizer, double lr, double clip) {
        count = 0;
        int pos = 0;
        for (int[] t : vocabTensors) {
            add(pos, t[0]);
            boolean isEmbed = t[0] == model.param(TensorNames.EMBED).offset();
            int[] used = isEmbed ? (tiedOutput ? rows(inputs, sample) : rows(inputs)) : rows(sample);
            for (int r : used) add(t[0] + r * t[2], t[0] + (r + 1) * t[2]);
            pos = t[0] + t[1] * t[2];
        }
        add(pos, n);
        int total = 0, longest = 0;
        for (int r = 0; r < count; r++) {
            total += to[r] - from[r];
            longest = Math.max(longest, to[r] - from[r]);
        }
        if (params.length < total) {   // with some room: a later step may touch a few more rows
            params = new float[total + total / 8];
            grads = new float[params.length];
        }
        if (zeros.length < longest) zeros = new float[longest];
        FloatPointer g = (FloatPointer) model.gradPointer();
        FloatPointer p = (FloatPointer) model.paramPointer();
        double sq = 0;
        for (int r = 0, at = 0; r < count; r++) {
            int len = to[r] - from[r];
            g.position(from[r]).get(grads, at, len);
            p.position(from[r]).get(params, at, len);
            for (int i = at; i < at + len; i++) sq += (double) grads[i] * grads[i];
            at += len;
        }
        double norm = Math.sqrt(sq);
        if (clip > 0 && norm > clip) {
            float s = (float) (clip / norm);
            for (int i = 0; i < total; i++) grads[i] *= s;
        }
        optimizer.stepPacked(params, grads, lr, from, to, count);
        for (int r = 0, at = 0; r < count; r++) {
            int len = to[r] - from[r];
            p.position(from[r]).put(params, at, len);
            g.position(from[r]).put(zeros, 0, len);
            at += len;
        }
        model.refreshEffectiveParams();
        return norm;
    }
}

package moglm.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import moglm.model.Dropout;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import moglm.model.State;

/**
 * Data-parallel training step inside one process: the B columns of a chunk are split into K
 * contiguous groups, each group runs forward, loss and backward on its own model replica in its
 * own thread (with one BLAS thread each), and the K gradients are summed in replica order.
 *
 * <p>Why: on a few cores, a small LSTM LM spends much of its step in small per-time-step products
 * (B x 4H x H) that a multi-threaded BLAS splits poorly; K independent half-batches keep every
 * core busy with single-threaded BLAS. The loss of every replica is weighted by 1 / (targets of
 * the whole chunk), so the summed gradient is the full-batch mean gradient (up to float summation
 * order: deterministic for a given K, but not bit-identical to K = 1). The dropout masks and the
 * carried state are the full batch's, sliced by column, so the same random stream serves any K.
 *
 * <p>Not thread-safe itself; one instance per trainer. Works only without masks or hooks (the
 * trainer uses the single-model path when a pruning / distillation hook is active).
 */
final class DataParallel implements AutoCloseable {
    private final ModelConfig config;
    private final int batch;
    private final int[] start, width;
    private final MogrifierLM[] replicas;
    private final State[] states;
    private final ExecutorService pool;
    private final float[] scratch;

    DataParallel(ModelConfig config, int batch, int k) {
        if (k < 2) throw new IllegalArgumentException("data parallelism needs >= 2 replicas, got " + k);
        if (batch < k) throw new IllegalArgumentException("--replicas " + k + " > --batch-size " + batch);
        this.config = config;
        this.batch = batch;
        this.start = new int[k];
        this.width = new int[k];
        for (int i = 0; i < k; i++) {
            start[i] = (int) ((long) i * batch / k);
            width[i] = (int) ((long) (i + 1) * batch / k) - start[i];
        }
        this.replicas = new MogrifierLM[k];
        this.states = new State[k];
        for (int i = 0; i < k; i++) {
            replicas[i] = new MogrifierLM(config, Precision.FLOAT);
            states[i] = replicas[i].newState(width[i]);
        }
        this.scratch = new float[Math.toIntExact(replicas[0].numParams())];
        this.pool = Executors.newFixedThreadPool(k, r -> {
            Thread t = new Thread(r, "moglm-replica");
            t.setDaemon(true);
            return t;
        });
    }

    int replicas() { return replicas.length; }

    /**
     * One step on {@code ch} with parameters {@code params}: leaves the summed gradient in
     * {@code gradsOut}, carries {@code state} (batch B) on, returns the summed loss.
     */
    MogrifierLM.LossResult step(float[] params, Chunk ch, State state, Dropout dropout, double ceWeight, float[] gradsOut) {
        if (ch.batch() != batch) throw new IllegalArgumentException("chunk batch " + ch.batch() + " != " + batch);
        int k = replicas.length, T = ch.steps();
        List<Future<MogrifierLM.LossResult>> futures = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            final int r = i;
            for (int j = 0; j < width[r]; j++) states[r].copyFrom(j, state, start[r] + j);
            int[] in = columns(ch.inputs(), T, r), tg = columns(ch.targets(), T, r);
            Dropout d = dropout == null ? null : slice(dropout, r);
            futures.add(pool.submit(() -> {
                try {
                    MogrifierLM m = replicas[r];
                    m.setParams(params);   // read-only here: the replicas copy in parallel
                    m.zeroGrads();
                    m.forward(in, T, width[r], states[r], d, true);
                    MogrifierLM.LossResult res = m.loss(tg, ceWeight, null, 0.0, 1.0);
                    m.backward(null);
                    return res;
                } finally {
                    if (d != null) d.close();
                }
            }));
        }
        double loss = 0, ce = 0;
        long count = 0;
        for (int i = 0; i < k; i++) {
            MogrifierLM.LossResult res = await(futures.get(i));
            loss += res.loss();
            ce += res.crossEntropy();
            count += res.count();
            if (i == 0) {
                replicas[0].getGrads(gradsOut);
            } else {
                replicas[i].getGrads(scratch);
                for (int p = 0; p < scratch.length; p++) gradsOut[p] += scratch[p];
            }
            for (int j = 0; j < width[i]; j++) state.copyFrom(start[i] + j, states[i], j);
        }
        return new MogrifierLM.LossResult(loss, ce, count);
    }

    private static MogrifierLM.LossResult await(Future<MogrifierLM.LossResult> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a replica was training", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error er) throw er;
            throw new IllegalStateException("replica failed", c);
        }
    }

    /** Columns [start, start + width) of a time-major T x B array. */
    private int[] columns(int[] a, int T, int r) {
        int w = width[r], s = start[r];
        int[] out = new int[T * w];
        for (int t = 0; t < T; t++) System.arraycopy(a, t * batch + s, out, t * w, w);
        return out;
    }

    /** The same columns of a [features x B] mask. */
    private float[] columns(float[] m, int r) {
        if (m == null) return null;
        int w = width[r], s = start[r], features = m.length / batch;
        float[] out = new float[features * w];
        for (int f = 0; f < features; f++) System.arraycopy(m, f * batch + s, out, f * w, w);
        return out;
    }

    private Dropout slice(Dropout d, int r) {
        Dropout out = new Dropout(config, width[r]);
        out.setEmbed(columns(d.embed(), r));
        for (int l = 0; l < config.layers(); l++) out.setState(l, columns(d.state(l), r));
        for (int l = 0; l + 1 < config.layers(); l++) out.setBetweenLayers(l, columns(d.betweenLayers(l), r));
        out.setOutput(columns(d.output(), r));
        return out;
    }

    @Override public void close() {
        pool.shutdownNow();
        for (int i = 0; i < replicas.length; i++) {
            states[i].close();
            replicas[i].close();
        }
    }
}

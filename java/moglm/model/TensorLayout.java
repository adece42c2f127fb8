package moglm.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The parameter tensors of an architecture, computed in Java from a {@link ModelConfig} exactly
 * as the native kernel lays them out ({@code cpp/layout.h}, {@code Layout::build}): names, shapes
 * and order. Model-file loading checks a file's tensors against this list BEFORE any native call,
 * so a file whose config lies (e.g. {@code rounds=2147483647}) is refused with a clear message
 * instead of reaching the native allocator.
 *
 * <p>Order: {@code embed} (or {@code embed.left}, {@code embed.right}); per layer l
 * {@code layer<l>.lstm.weight} (or {@code .left}/{@code .right}), {@code layer<l>.lstm.bias},
 * per round i {@code layer<l>.mog<i>.weight} (or {@code .left}/{@code .right}) and
 * {@code layer<l>.mog<i>.bias}; then {@code out.weight} (untied; or {@code out.left}/
 * {@code out.right}) and {@code out.bias}.
 */
public final class TensorLayout {
    private TensorLayout() {}

    /** One tensor's name and shape. */
    public record Tensor(String name, int rows, int cols) {
        public long size() { return (long) rows * cols; }
    }

    /** Number of tensors of {@code c}, without listing them (rounds and layers may be huge). */
    public static long count(ModelConfig c) {
        long perRound = c.rank() == 0 ? 2 : 3;
        long perLayer = (c.lstmRank() == 0 ? 1 : 2) + 1 + perRound * c.rounds();
        long embed = c.embedRank() == 0 ? 1 : 2;
        long out = c.tied() ? 0 : (c.embedRank() == 0 ? 1 : 2);
        return embed + perLayer * c.layers() + out + 1;
    }

    /**
     * The tensors in layout order.
     *
     * @throws IllegalArgumentException when there are more than {@code maxTensors}
     */
    public static List<Tensor> list(ModelConfig c, long maxTensors) {
        long n = count(c);
        if (n > maxTensors) throw new IllegalArgumentException("the architecture has " + n + " tensors, more than " + maxTensors);
        List<Tensor> t = new ArrayList<>((int) n);
        int V = c.vocabSize(), E = c.embedSize(), H = c.hiddenSize();
        if (c.embedRank() == 0) {
            t.add(new Tensor("embed", V, E));
        } else {
            t.add(new Tensor("embed.left", V, c.embedRank()));
            t.add(new Tensor("embed.right", c.embedRank(), E));
        }
        for (int l = 0; l < c.layers(); l++) {
            String p = "layer" + l + ".";
            int m = c.inputSize(l);
            if (c.lstmRank() == 0) {
                t.add(new Tensor(p + "lstm.weight", 4 * H, m + H));
            } else {
                t.add(new Tensor(p + "lstm.left", 4 * H, c.lstmRank()));
                t.add(new Tensor(p + "lstm.right", c.lstmRank(), m + H));
            }
            t.add(new Tensor(p + "lstm.bias", 4 * H, 1));
            for (int i = 1; i <= c.rounds(); i++) {
                String q = p + "mog" + i + ".";
                int rows = i % 2 == 1 ? m : H, cols = i % 2 == 1 ? H : m;
                if (c.rank() == 0) {
                    t.add(new Tensor(q + "weight", rows, cols));
                } else {
                    t.add(new Tensor(q + "left", rows, c.rank()));
                    t.add(new Tensor(q + "right", c.rank(), cols));
                }
                t.add(new Tensor(q + "bias", rows, 1));
            }
        }
        if (!c.tied() && c.embedRank() == 0) t.add(new Tensor("out.weight", V, H));
        if (!c.tied() && c.embedRank() > 0) {
            t.add(new Tensor("out.left", V, c.embedRank()));
            t.add(new Tensor("out.right", c.embedRank(), H));
        }
        t.add(new Tensor("out.bias", V, 1));
        return t;
    }
}

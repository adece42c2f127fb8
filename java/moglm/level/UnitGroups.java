package moglm.level;

import moglm.model.TensorNames;

import moglm.model.ModelConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The physically removable structures of a Mogrifier LM and every row and column each one owns.
 *
 * <p>Parameter layout assumed (that of {@code moglm.model.MogrifierLM}): {@code layerL.lstm.weight}
 * is 4H x (in + H), rows gate-major (row g*H + j is gate g of unit j), columns [input | recurrent];
 * {@code layerL.lstm.bias} is 4H x 1; mogrifier round i of layer L is Q^i (in x H, gates the input
 * from h) for odd i and R^i (H x in, gates h from the input) for even i, or their low-rank factors
 * left (out x k) and right (k x in); each round has a bias over its output; {@code embed} is V x E;
 * {@code out.weight} is V x H (absent when tied).
 *
 * <p>Hidden unit j of layer L owns: rows g*H+j of its LSTM weight and bias (its gates), the
 * recurrent column in+j; in its own mogrifier, column j of each Q (consumes h_j) and row j of each
 * R and R bias (gates h_j); in the layer above, input column j of the LSTM weight, row j of each Q
 * and Q bias (gates x_j) and column j of each R; for the top layer, column j of the output layer.
 * With masked rows the unit's gates are 0, its cell stays 0 from a zero state and h_j = 0; with
 * masked columns nothing reads it anyway: removing it leaves the other activations unchanged.
 * Embedding dimension d owns column d of the embedding and the input side of layer 0 (input
 * column d of the LSTM weight, row d of each Q, column d of each R). With tied embeddings the
 * output layer IS the embedding, so dimension d and top-layer unit d are one group.
 */
public final class UnitGroups {
    /** One row or column of a named tensor. */
    public record Slice(String tensor, boolean row, int index) {}

    /** A set of structures ranked together (one layer's units, or the embedding dimensions). */
    public record Scope(String name, List<List<Slice>> groups) {
        public int size() { return groups.size(); }
    }

    private UnitGroups() {}

    /**
     * Scopes of the structured groups: "layerL.units" for every layer, and "embed.dims" when
     * {@code pruneEmbedDims} and the embedding is untied (tied dims are inside the top layer's units).
     */
    public static List<Scope> of(ModelConfig a, boolean pruneEmbedDims) {
        List<Scope> scopes = new ArrayList<>();
        for (int l = 0; l < a.layers(); l++) {
            List<List<Slice>> groups = new ArrayList<>();
            for (int j = 0; j < a.hiddenSize(); j++) {
                List<Slice> g = new ArrayList<>();
                unitOwnSide(a, l, j, g);
                if (l + 1 < a.layers()) {
                    inputSide(a, l + 1, j, g);
                } else if (a.tied()) {
                    g.add(new Slice(TensorNames.EMBED, false, j));
                    inputSide(a, 0, j, g);
                } else {
                    g.add(new Slice(TensorNames.OUT_WEIGHT, false, j));
                }
                groups.add(g);
            }
            scopes.add(new Scope(TensorNames.layer(l) + ".units", groups));
        }
        if (pruneEmbedDims && !a.tied()) {
            List<List<Slice>> groups = new ArrayList<>();
            for (int d = 0; d < a.embedSize(); d++) {
                List<Slice> g = new ArrayList<>();
                g.add(new Slice(TensorNames.EMBED, false, d));
                inputSide(a, 0, d, g);
                groups.add(g);
            }
            scopes.add(new Scope("embed.dims", groups));
        }
        return scopes;
    }

    /** Rows and columns of unit j inside its own layer l. */
    private static void unitOwnSide(ModelConfig a, int l, int j, List<Slice> g) {
        int h = a.hiddenSize();
        for (int gate = 0; gate < 4; gate++) {
            g.add(new Slice(TensorNames.lstmWeight(l), true, gate * h + j));
            g.add(new Slice(TensorNames.lstmBias(l), true, gate * h + j));
        }
        g.add(new Slice(TensorNames.lstmWeight(l), false, a.inputSize(l) + j));
        for (int i = 1; i <= a.rounds(); i++) {
            boolean q = i % 2 == 1;
            if (q) {   // Q: in x H, consumes h
                g.add(a.rank() == 0 ? new Slice(TensorNames.mog(l, i, "weight"), false, j)
                                    : new Slice(TensorNames.mog(l, i, "right"), false, j));
            } else {   // R: H x in, gates h_j
                g.add(a.rank() == 0 ? new Slice(TensorNames.mog(l, i, "weight"), true, j)
                                    : new Slice(TensorNames.mog(l, i, "left"), true, j));
                g.add(new Slice(TensorNames.mog(l, i, "bias"), true, j));
            }
        }
    }

    /** Rows and columns that read or gate input dimension d of layer l. */
    private static void inputSide(ModelConfig a, int l, int d, List<Slice> g) {
        g.add(new Slice(TensorNames.lstmWeight(l), false, d));
        for (int i = 1; i <= a.rounds(); i++) {
            boolean q = i % 2 == 1;
            if (q) {   // Q: in x H, gates x_d
                g.add(a.rank() == 0 ? new Slice(TensorNames.mog(l, i, "weight"), true, d)
                                    : new Slice(TensorNames.mog(l, i, "left"), true, d));
                g.add(new Slice(TensorNames.mog(l, i, "bias"), true, d));
            } else {   // R: H x in, consumes x_d
                g.add(a.rank() == 0 ? new Slice(TensorNames.mog(l, i, "weight"), false, d)
                                    : new Slice(TensorNames.mog(l, i, "right"), false, d));
            }
        }
    }
}

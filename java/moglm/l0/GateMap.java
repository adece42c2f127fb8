package moglm.l0;

import moglm.model.TensorNames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import moglm.model.ModelConfig;

/**
 * Where every gate of structured L0 training ({@link StructureGates}) acts, for one model config
 * and set of {@link Structure}s. Gates are numbered globally, group after group: per layer the
 * units, per layer the LSTM gate rows, per layer and round the mogrifier rows / rank components,
 * then the embedding dimensions. Two relations per tensor and axis (row or column), each a list of
 * gate ids per row / column:
 * <ul>
 * <li><b>scale</b>: the rows/columns the gate multiplies (its row/column mask). Where two gates
 *     scale the same row (a unit and one of its gate rows) the mask is their product.
 * <li><b>removes</b>: the rows/columns that become removable when the gate is 0. A unit removes
 *     its 4 LSTM rows and biases, its recurrent column, the input column of the next layer (or, top
 *     layer, its output column; tied: its embedding column, which is also layer 0's input j),
 *     and its row/column of every mogrifier matrix it is an index of; an embedding dimension
 *     (untied) removes its embedding column and layer 0's input column, mogrifier row (odd
 *     rounds: row and bias entry) and column (even rounds); a gate row its row and bias entry; a
 *     mogrifier row its row and bias entry; a rank component column c of left and row c of right.
 * </ul>
 * A parameter element (r, c) is removed when any gate of rows(r) or cols(c) is 0.
 */
public final class GateMap {
    /** One group of gates: {@code size} gates from global id {@code offset}. */
    public record Group(String name, Structure structure, int layer, int offset, int size) {}

    /** Per-row and per-column gate-id lists of one tensor (null entries = none). */
    public static final class Axes {
        final int[][] rows, cols;

        Axes(int rows, int cols) {
            this.rows = new int[rows][];
            this.cols = new int[cols][];
        }

        public int[] row(int r) { return rows[r] == null ? NONE : rows[r]; }
        public int[] col(int c) { return cols[c] == null ? NONE : cols[c]; }
        public int rowCount() { return rows.length; }
        public int colCount() { return cols.length; }
    }

    static final int[] NONE = new int[0];

    private final ModelConfig config;
    private final Set<Structure> structures;
    private final List<Group> groups = new ArrayList<>();
    private final Map<String, int[]> shapes = new LinkedHashMap<>();
    private final Map<String, Axes> scale = new LinkedHashMap<>();
    private final Map<String, Axes> removes = new LinkedHashMap<>();
    private int gates;

    public GateMap(ModelConfig c, Set<Structure> structures) {
        Structure.check(structures, c);
        this.config = c;
        this.structures = java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(structures));
        int H = c.hiddenSize(), L = c.layers(), V = c.vocabSize(), E = c.embedSize(), k = c.rank();
        shapes.put(TensorNames.EMBED, new int[] {V, E});
        for (int l = 0; l < L; l++) {
            int m = c.inputSize(l);
            shapes.put(lstmW(l), new int[] {4 * H, m + H});
            shapes.put(lstmB(l), new int[] {4 * H, 1});
            for (int i = 1; i <= c.rounds(); i++) {
                int rows = i % 2 == 1 ? m : H, cols = i % 2 == 1 ? H : m;
                if (k == 0) shapes.put(mog(l, i, "weight"), new int[] {rows, cols});
                else {
                    shapes.put(mog(l, i, "left"), new int[] {rows, k});
                    shapes.put(mog(l, i, "right"), new int[] {k, cols});
                }
                shapes.put(mog(l, i, "bias"), new int[] {rows, 1});
            }
        }
        if (!c.tied()) shapes.put(TensorNames.OUT_WEIGHT, new int[] {V, H});
        shapes.put(TensorNames.OUT_BIAS, new int[] {V, 1});

        List<int[]> unitIds = new ArrayList<>();
        if (structures.contains(Structure.UNITS)) {
            for (int l = 0; l < L; l++) {
                Group g = group("layer" + l + " units", Structure.UNITS, l, H);
                int[] ids = new int[H];
                for (int j = 0; j < H; j++) {
                    int id = g.offset() + j;
                    ids[j] = id;
                    for (int q = 0; q < 4; q++) {
                        add(scale, lstmW(l), true, q * H + j, id);
                        add(scale, lstmB(l), true, q * H + j, id);
                        add(removes, lstmW(l), true, q * H + j, id);
                        add(removes, lstmB(l), true, q * H + j, id);
                    }
                    add(removes, lstmW(l), false, c.inputSize(l) + j, id);
                    for (int i = 1; i <= c.rounds(); i++) {
                        if (i % 2 == 1) {   // Q: m x H, reads h
                            if (k == 0) add(removes, mog(l, i, "weight"), false, j, id);
                            else add(removes, mog(l, i, "right"), false, j, id);
                        } else {            // R: H x m, modulates h
                            if (k == 0) add(removes, mog(l, i, "weight"), true, j, id);
                            else add(removes, mog(l, i, "left"), true, j, id);
                            add(removes, mog(l, i, "bias"), true, j, id);
                        }
                    }
                    if (l + 1 < L) removesInput(l + 1, j, id);
                    else if (c.tied()) {
                        add(scale, TensorNames.EMBED, false, j, id);
                        add(removes, TensorNames.EMBED, false, j, id);
                        removesInput(0, j, id);
                    } else add(removes, TensorNames.OUT_WEIGHT, false, j, id);
                }
                unitIds.add(ids);
            }
        }
        if (structures.contains(Structure.GATE_ROWS)) {
            for (int l = 0; l < L; l++) {
                Group g = group("layer" + l + " gate rows", Structure.GATE_ROWS, l, 4 * H);
                for (int r = 0; r < 4 * H; r++) {
                    for (Map<String, Axes> rel : List.of(scale, removes)) {
                        add(rel, lstmW(l), true, r, g.offset() + r);
                        add(rel, lstmB(l), true, r, g.offset() + r);
                    }
                }
            }
        }
        if (structures.contains(Structure.MOG)) {
            for (int l = 0; l < L; l++) {
                for (int i = 1; i <= c.rounds(); i++) {
                    int rows = i % 2 == 1 ? c.inputSize(l) : H;
                    if (k == 0) {
                        Group g = group("layer" + l + " mog" + i + " rows", Structure.MOG, l, rows);
                        for (int q = 0; q < rows; q++) {
                            for (Map<String, Axes> rel : List.of(scale, removes)) {
                                add(rel, mog(l, i, "weight"), true, q, g.offset() + q);
                                add(rel, mog(l, i, "bias"), true, q, g.offset() + q);
                            }
                        }
                    } else {
                        Group g = group("layer" + l + " mog" + i + " rank components", Structure.MOG, l, k);
                        for (int q = 0; q < k; q++) {
                            add(scale, mog(l, i, "right"), true, q, g.offset() + q);
                            add(removes, mog(l, i, "right"), true, q, g.offset() + q);
                            add(removes, mog(l, i, "left"), false, q, g.offset() + q);
                        }
                    }
                }
            }
        }
        if (structures.contains(Structure.EMBED)) {
            Group g = group("embedding dims", Structure.EMBED, 0, E);
            for (int j = 0; j < E; j++) {
                add(scale, TensorNames.EMBED, false, j, g.offset() + j);
                add(removes, TensorNames.EMBED, false, j, g.offset() + j);
                removesInput(0, j, g.offset() + j);
            }
        }
    }

    /** Input dimension j of layer l (embedding dim or unit of layer l-1) removed by gate id. */
    private void removesInput(int l, int j, int id) {
        add(removes, lstmW(l), false, j, id);
        for (int i = 1; i <= config.rounds(); i++) {
            if (i % 2 == 1) {   // Q: m x H, modulates x
                add(removes, config.rank() == 0 ? mog(l, i, "weight") : mog(l, i, "left"), true, j, id);
                add(removes, mog(l, i, "bias"), true, j, id);
            } else {            // R: H x m, reads x
                add(removes, config.rank() == 0 ? mog(l, i, "weight") : mog(l, i, "right"), false, j, id);
            }
        }
    }

    private Group group(String name, Structure s, int layer, int size) {
        Group g = new Group(name, s, layer, gates, size);
        groups.add(g);
        gates += size;
        return g;
    }

    private void add(Map<String, Axes> rel, String tensor, boolean row, int index, int id) {
        int[] shape = shapes.get(tensor);
        if (shape == null) throw new IllegalStateException("no tensor " + tensor);
        Axes a = rel.computeIfAbsent(tensor, t -> new Axes(shape[0], shape[1]));
        int[][] lists = row ? a.rows : a.cols;
        int[] old = lists[index] == null ? NONE : lists[index];
        for (int g : old) if (g == id) throw new IllegalStateException("gate " + id + " twice on " + tensor);
        int[] grown = java.util.Arrays.copyOf(old, old.length + 1);
        grown[old.length] = id;
        lists[index] = grown;
    }

    public ModelConfig config() { return config; }
    public Set<Structure> structures() { return structures; }
    public List<Group> groups() { return groups; }
    /** Total number of gates. */
    public int gates() { return gates; }
    /** Tensor name to {rows, cols}, in the model's parameter order. */
    public Map<String, int[]> shapes() { return shapes; }
    /** Tensors some gate scales, with the gate ids per row / column. */
    public Map<String, Axes> scale() { return scale; }
    /** Tensors some gate makes removable, with the gate ids per row / column. */
    public Map<String, Axes> removes() { return removes; }

    static String lstmW(int l) { return TensorNames.lstmWeight(l); }
    static String lstmB(int l) { return TensorNames.lstmBias(l); }
    static String mog(int l, int i, String suffix) { return TensorNames.mog(l, i, suffix); }
}

package moglm.model;

import java.util.ArrayList;
import java.util.List;

/**
 * One weight matrix of a Mogrifier LM that the model stores either dense ({@link #denseName()},
 * rows x cols) or factored as {@code base.left} (rows x k) times {@code base.right} (k x cols),
 * with k the rank of its {@link Group} in the {@link ModelConfig}: the mogrifier round matrices
 * ({@code rank}), the LSTM gate matrices ({@code lstmRank}), the embedding and the untied output
 * matrix ({@code embedRank}). The list and the shapes depend only on the architecture, not on
 * the ranks, so a dense model and any factored version of it have the same list.
 *
 * @param base  {@code layer<l>.mog<i>}, {@code layer<l>.lstm}, {@code embed} or {@code out}
 */
public record FactorableMatrix(String base, Group group, int rows, int cols) {

    /** Which rank of the config factors the matrix. */
    public enum Group { MOGRIFIER, LSTM, EMBEDDING }

    /** The dense tensor's name: {@code embed} for the embedding, {@code base.weight} otherwise. */
    public String denseName() { return base.equals(TensorNames.EMBED) ? TensorNames.EMBED : base + "." + TensorNames.WEIGHT; }
    public String leftName() { return base + "." + TensorNames.LEFT; }
    public String rightName() { return base + "." + TensorNames.RIGHT; }

    /** Largest meaningful rank: min(rows, cols). */
    public int maxRank() { return Math.min(rows, cols); }

    /** Its rank in config c (0 = dense). */
    public int rankIn(ModelConfig c) {
        return switch (group) {
            case MOGRIFIER -> c.rank();
            case LSTM -> c.lstmRank();
            case EMBEDDING -> c.embedRank();
        };
    }

    /** Every factorable matrix of an architecture: embed, per layer lstm and rounds, out (untied). */
    public static List<FactorableMatrix> of(ModelConfig c) {
        List<FactorableMatrix> list = new ArrayList<>();
        int H = c.hiddenSize();
        list.add(new FactorableMatrix(TensorNames.EMBED, Group.EMBEDDING, c.vocabSize(), c.embedSize()));
        for (int l = 0; l < c.layers(); l++) {
            int m = c.inputSize(l);
            list.add(new FactorableMatrix(TensorNames.lstm(l), Group.LSTM, 4 * H, m + H));
            for (int i = 1; i <= c.rounds(); i++) {
                int[] s = roundShape(c, l, i);
                list.add(new FactorableMatrix(TensorNames.mog(l, i), Group.MOGRIFIER, s[0], s[1]));
            }
        }
        if (!c.tied()) list.add(new FactorableMatrix(TensorNames.OUT, Group.EMBEDDING, c.vocabSize(), H));
        return list;
    }

    /** Rows and columns of the round matrix of layer l round i (Q: in x H for odd i, R: H x in). */
    public static int[] roundShape(ModelConfig c, int layer, int round) {
        int in = c.inputSize(layer), h = c.hiddenSize();
        return round % 2 == 1 ? new int[] {in, h} : new int[] {h, in};
    }

    /** Largest rank every matrix of the group allows in c (min over them of min(rows, cols)); 0 if none. */
    public static int maxRank(ModelConfig c, Group g) {
        int r = Integer.MAX_VALUE;
        for (FactorableMatrix f : of(c)) if (f.group == g) r = Math.min(r, f.maxRank());
        return r == Integer.MAX_VALUE ? 0 : r;
    }

    /** The matrix in m (the dense tensor, or the product left * right), row-major, double. */
    public double[] read(MogrifierLM m) {
        int k = rankIn(m.config());
        if (k == 0) return m.getParamD(denseName());
        ParamSpec ls = m.param(leftName());
        double[] l = m.getParamD(leftName()), r = m.getParamD(rightName());
        double[] w = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int p = 0; p < k; p++) {
                double a = l[i * ls.cols() + p];
                if (a == 0) continue;
                int wo = i * cols, ro = p * cols;
                for (int j = 0; j < cols; j++) w[wo + j] += a * r[ro + j];
            }
        }
        return w;
    }

    /** The names this matrix has in config c (the dense one, or left and right). */
    public List<String> names(ModelConfig c) {
        return rankIn(c) == 0 ? List.of(denseName()) : List.of(leftName(), rightName());
    }
}

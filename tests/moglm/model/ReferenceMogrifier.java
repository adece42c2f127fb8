package moglm.model;

/**
 * A plain-Java Mogrifier LSTM LM in double written straight from the textbook equations (DESIGN.md
 * section 4 and any LSTM text), reading its weights from a MogrifierLM by name. Independent of
 * the native code's layout tricks: it loops over sequences and steps one vector at a time.
 */
final class ReferenceMogrifier {
    private final ModelConfig c;
    private final double[] embed, outW, outB;
    private final double[][] lstmW, lstmB;
    private final double[][][] mogW, mogB;   // [layer][round-1] full matrix (low rank multiplied out)

    ReferenceMogrifier(MogrifierLM lm) {
        c = lm.config();
        embed = lm.getParamD("embed");
        outW = c.tied() ? embed : lm.getParamD("out.weight");
        outB = lm.getParamD("out.bias");
        lstmW = new double[c.layers()][];
        lstmB = new double[c.layers()][];
        mogW = new double[c.layers()][c.rounds()][];
        mogB = new double[c.layers()][c.rounds()][];
        for (int l = 0; l < c.layers(); l++) {
            lstmW[l] = lm.getParamD("layer" + l + ".lstm.weight");
            lstmB[l] = lm.getParamD("layer" + l + ".lstm.bias");
            for (int i = 1; i <= c.rounds(); i++) {
                String p = "layer" + l + ".mog" + i + ".";
                int rows = i % 2 == 1 ? c.inputSize(l) : c.hiddenSize();
                int cols = i % 2 == 1 ? c.hiddenSize() : c.inputSize(l);
                if (c.rank() == 0) {
                    mogW[l][i - 1] = lm.getParamD(p + "weight");
                } else {
                    double[] left = lm.getParamD(p + "left"), right = lm.getParamD(p + "right");
                    double[] q = new double[rows * cols];
                    for (int a = 0; a < rows; a++)
                        for (int b = 0; b < cols; b++)
                            for (int k = 0; k < c.rank(); k++) q[a * cols + b] += left[a * c.rank() + k] * right[k * cols + b];
                    mogW[l][i - 1] = q;
                }
                mogB[l][i - 1] = lm.getParamD(p + "bias");
            }
        }
    }

    static double sigmoid(double x) { return 1 / (1 + Math.exp(-x)); }

    /** y = W x + b for W rows x cols row-major. */
    static double[] affine(double[] W, double[] b, double[] x, int rows, int cols, int colOffset, int ld) {
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = b == null ? 0 : b[r];
            for (int k = 0; k < cols; k++) s += W[r * ld + colOffset + k] * x[k];
            y[r] = s;
        }
        return y;
    }

    /**
     * Log-probabilities [T*B][V] (row t*B+b) from the given initial state h[l][b][j], cs[l][b][j]
     * (updated to the final state). drop* may be null; masks are [features x B] as in Dropout.
     */
    double[][] logProbs(int[] inputs, int T, int B, double[][][] h, double[][][] cs,
                        float[] dropEmbed, float[][] dropState, float[][] dropBetween, float[] dropOut) {
        int V = c.vocabSize(), E = c.embedSize(), H = c.hiddenSize();
        double[][] out = new double[T * B][];
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                int w = inputs[t * B + b];
                double[] x = new double[E];
                for (int j = 0; j < E; j++) x[j] = embed[w * E + j] * (dropEmbed == null ? 1 : dropEmbed[j * B + b]);
                for (int l = 0; l < c.layers(); l++) {
                    int m = c.inputSize(l);
                    if (l > 0 && dropBetween != null && dropBetween[l - 1] != null)
                        for (int j = 0; j < m; j++) x[j] *= dropBetween[l - 1][j * B + b];
                    double[] hp = new double[H];
                    for (int j = 0; j < H; j++)
                        hp[j] = h[l][b][j] * (dropState == null || dropState[l] == null ? 1 : dropState[l][j * B + b]);
                    // mogrifier: odd rounds gate x with h, even rounds gate h with x
                    for (int i = 1; i <= c.rounds(); i++) {
                        if (i % 2 == 1) {
                            double[] g = affine(mogW[l][i - 1], mogB[l][i - 1], hp, m, H, 0, H);
                            for (int j = 0; j < m; j++) x[j] = 2 * sigmoid(g[j]) * x[j];
                        } else {
                            double[] g = affine(mogW[l][i - 1], mogB[l][i - 1], x, H, m, 0, m);
                            for (int j = 0; j < H; j++) hp[j] = 2 * sigmoid(g[j]) * hp[j];
                        }
                    }
                    // LSTM: gates = W_x x + W_h h + b, blocks i, f, g, o
                    double[] gx = affine(lstmW[l], lstmB[l], x, 4 * H, m, 0, m + H);
                    double[] gh = affine(lstmW[l], null, hp, 4 * H, H, m, m + H);
                    double[] hn = new double[H];
                    for (int j = 0; j < H; j++) {
                        double ig = sigmoid(gx[j] + gh[j]);
                        double fg = sigmoid(gx[H + j] + gh[H + j]);
                        double gg = Math.tanh(gx[2 * H + j] + gh[2 * H + j]);
                        double og = sigmoid(gx[3 * H + j] + gh[3 * H + j]);
                        cs[l][b][j] = fg * cs[l][b][j] + ig * gg;
                        hn[j] = og * Math.tanh(cs[l][b][j]);
                    }
                    h[l][b] = hn;
                    x = hn.clone();
                }
                if (dropOut != null) for (int j = 0; j < H; j++) x[j] *= dropOut[j * B + b];
                double[] z = affine(outW, outB, x, V, H, 0, H);
                double mx = Double.NEGATIVE_INFINITY, s = 0;
                for (double v : z) mx = Math.max(mx, v);
                for (double v : z) s += Math.exp(v - mx);
                double lse = mx + Math.log(s);
                for (int v = 0; v < V; v++) z[v] -= lse;
                out[t * B + b] = z;
            }
        }
        return out;
    }
}

package moglm.model;

/**
 * The names of a Mogrifier LM's parameter tensors, in one place (the native layout,
 * {@code cpp/layout.h}, creates tensors under exactly these names; {@link MogrifierLM#params()}
 * lists those of a given config):
 * <pre>
 * embed | embed.left, embed.right                       V x E | V x ke, ke x E
 * layer&lt;l&gt;.lstm.weight | .lstm.left, .lstm.right         4H x (m+H) | 4H x kl, kl x (m+H)
 * layer&lt;l&gt;.lstm.bias                                    4H x 1
 * layer&lt;l&gt;.mog&lt;i&gt;.weight | .left, .right               Q (odd i): m x H, R (even i): H x m | factors of rank k
 * layer&lt;l&gt;.mog&lt;i&gt;.bias                                  rows x 1
 * out.weight | out.left, out.right (untied)             V x H | V x ke, ke x H
 * out.bias                                              V x 1
 * </pre>
 * (m = input size of layer l: E for layer 0, H above; rounds i from 1.)
 */
public final class TensorNames {
    private TensorNames() {}

    public static final String EMBED = "embed";
    public static final String OUT = "out";
    public static final String OUT_WEIGHT = "out.weight";
    public static final String OUT_BIAS = "out.bias";

    /** Suffixes of a matrix stored dense or as two factors, and of a bias. */
    public static final String WEIGHT = "weight", LEFT = "left", RIGHT = "right", BIAS = "bias";

    /** {@code layer<l>}: the prefix of every tensor of layer l. */
    public static String layer(int l) { return "layer" + l; }

    /** {@code layer<l>.lstm}: the base name of layer l's LSTM gate matrix. */
    public static String lstm(int l) { return layer(l) + ".lstm"; }

    /** {@code layer<l>.lstm.<suffix>}. */
    public static String lstm(int l, String suffix) { return lstm(l) + "." + suffix; }

    public static String lstmWeight(int l) { return lstm(l, WEIGHT); }

    public static String lstmBias(int l) { return lstm(l, BIAS); }

    /** {@code layer<l>.mog<i>}: the base name of mogrifier round i (1-based) of layer l. */
    public static String mog(int l, int i) { return layer(l) + ".mog" + i; }

    /** {@code layer<l>.mog<i>.<suffix>}. */
    public static String mog(int l, int i, String suffix) { return mog(l, i) + "." + suffix; }
}

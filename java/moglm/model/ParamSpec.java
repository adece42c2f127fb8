package moglm.model;

/**
 * One parameter tensor inside the flat parameter vector: row-major {@code rows x cols} starting at
 * element {@code offset} (a bias is {@code rows x 1}). Names follow {@link TensorNames}. The mask
 * algorithms work on lists of these over plain {@code float[]}, testable without the native model.
 */
public record ParamSpec(String name, int rows, int cols, long offset) {
    public ParamSpec {
        if (rows <= 0 || cols <= 0 || offset < 0) {
            throw new IllegalArgumentException("bad tensor " + name + ": " + rows + "x" + cols + " at " + offset);
        }
    }

    /** Number of elements. */
    public long size() {
        return (long) rows * cols;
    }

    /** Number of elements as an int (a tensor the masks handle fits an array). */
    public int elements() {
        return Math.multiplyExact(rows, cols);
    }

    /** Flat index of element (r, c) in the whole parameter vector. */
    public int flat(int r, int c) { return (int) offset + r * cols + c; }

    /** True for a bias vector (named {@code *.bias}): biases are never element-pruned. */
    public boolean isBias() { return name.endsWith("." + TensorNames.BIAS); }
}

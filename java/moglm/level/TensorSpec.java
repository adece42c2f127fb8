package moglm.level;

/**
 * Shape and position of one parameter tensor inside the flat parameter vector (row-major
 * rows x cols; a bias is rows x 1). Mirrors {@code moglm.model.ParamSpec} so that the mask
 * algorithms here are plain Java over {@code float[]} and testable without the native model.
 */
public record TensorSpec(String name, int rows, int cols, long offset) {
    public TensorSpec {
        if (rows <= 0 || cols <= 0 || offset < 0) {
            throw new IllegalArgumentException("bad tensor " + name + ": " + rows + "x" + cols + " at " + offset);
        }
    }

    public int size() { return Math.multiplyExact(rows, cols); }

    /** Flat index of element (r, c) in the whole parameter vector. */
    public int flat(int r, int c) { return (int) offset + r * cols + c; }

    /** True for a bias vector (named {@code *.bias}): biases are never element-pruned. */
    public boolean isBias() { return name.endsWith(".bias"); }
}

package moglm.model;

/**
 * One parameter tensor inside the flat parameter vector: row-major {@code rows x cols} starting at
 * element {@code offset} (a bias is {@code rows x 1}).
 */
public record ParamSpec(String name, int rows, int cols, long offset) {
    /** Number of elements. */
    public long size() {
        return (long) rows * cols;
    }
}

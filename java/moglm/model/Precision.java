package moglm.model;

/** Scalar type of a model's parameters and activations. DOUBLE exists for gradient checks. */
public enum Precision {
    FLOAT(4), DOUBLE(8);

    private final int bytes;

    Precision(int bytes) { this.bytes = bytes; }

    /** Bytes per scalar. */
    public int bytes() { return bytes; }
}

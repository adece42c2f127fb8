package moglm.train;

/**
 * One truncated-BPTT chunk: {@code steps} time steps for {@code batch} sequences, time-major
 * ({@code inputs[t*batch + b]}). A target of -1 is a padding position (not predicted, not counted).
 *
 * @param resetRows sequences whose recurrent state must be zeroed before this chunk (sentence
 *                  starts in reset mode, or every sequence at the start of an epoch); may be empty
 * @param targetCount number of targets that are not -1
 */
public record Chunk(int steps, int batch, int[] inputs, int[] targets, int[] resetRows, long targetCount) {}

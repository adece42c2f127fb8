package moglm.modelfile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import moglm.model.MemoryLimit;
import moglm.model.ModelConfig;
import moglm.model.TensorLayout;

/**
 * Checks a model file's architecture against its tensors and against memory BEFORE the native
 * model is built: a file with a valid checksum can still lie (written by a buggy tool, edited by
 * hand, or crafted), and the native allocator must never see its numbers unchecked.
 *
 * <ol>
 *   <li>The file holds exactly as many {@code param/} / {@code sparse/} tensors as the config
 *       implies ({@link TensorLayout#count}, computed without listing them, so
 *       {@code rounds=2147483647} costs nothing);</li>
 *   <li>every tensor the config implies is present with the implied shape (a sparse tensor's
 *       header shape is read without decoding it);</li>
 *   <li>the model's memory estimate fits the machine ({@link MemoryLimit}).</li>
 * </ol>
 * Values are checked later, as they are decoded ({@link #requireFinite}): NaN or infinite weights
 * make every score NaN, so such a file is refused.
 */
final class ModelCheck {
    private ModelCheck() {}

    /** @throws ModelFileException naming the file and the first mismatch */
    static void check(Path file, ModelConfig mc, SectionFile f) throws ModelFileException {
        long have = 0;
        Set<String> tensorSections = new HashSet<>();
        for (String n : f.names()) {
            if (n.startsWith(Sections.PARAM_PREFIX) || n.startsWith(Sections.SPARSE_PREFIX)) {
                have++;
                tensorSections.add(n);
            }
        }
        long want = TensorLayout.count(mc);
        if (want != have) {
            throw new ModelFileException(file, "config (layers=" + mc.layers() + ", rounds=" + mc.rounds() + ", rank=" + mc.rank()
                    + ", lstm_rank=" + mc.lstmRank() + ", embed_rank=" + mc.embedRank() + ", tied=" + mc.tied() + ") implies "
                    + want + " tensors, the file has " + have);
        }
        List<TensorLayout.Tensor> tensors = TensorLayout.list(mc, have);
        for (TensorLayout.Tensor t : tensors) {
            String dense = Sections.PARAM_PREFIX + t.name(), sparse = Sections.SPARSE_PREFIX + t.name();
            int rows, cols;
            if (f.has(dense)) {
                int[] shape = f.floatsShape(dense);
                rows = shape[0];
                cols = shape[1];
            } else if (f.has(sparse)) {
                ByteBuffer bb = f.bytesView(sparse).order(ByteOrder.LITTLE_ENDIAN);
                if (bb.remaining() < 8) {
                    throw new ModelFileException(file, "section " + sparse + " (at byte " + f.offsetOf(sparse)
                            + ") is too short for a sparse tensor header");
                }
                rows = bb.getInt();
                cols = bb.getInt();
            } else {
                throw new ModelFileException(file, "tensor '" + t.name() + "' that the config implies is missing (neither "
                        + dense + " nor " + sparse + ")");
            }
            if (rows != t.rows() || cols != t.cols()) {
                throw new ModelFileException(file, "tensor '" + t.name() + "' is " + rows + "x" + cols + ", the config (vocab_size="
                        + mc.vocabSize() + ", embed_size=" + mc.embedSize() + ", hidden_size=" + mc.hiddenSize() + ") implies "
                        + t.rows() + "x" + t.cols());
            }
        }
        try {
            MemoryLimit.check(mc);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, e.getMessage());
        }
    }

    /** @throws ModelFileException when a weight is NaN or infinite, naming the tensor and the element */
    static void requireFinite(Path file, String tensor, float[] v) throws ModelFileException {
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                int bad = 0;
                for (float x : v) if (!Float.isFinite(x)) bad++;
                throw notFinite(file, tensor, bad, i, v[i], "");
            }
        }
    }

    /**
     * The same for a tensor's values as they are in the file ({@link SectionFile#floatBytes}:
     * little-endian float32 from position 0), whose first value is at byte {@code fileOffset} of
     * the file; the message names the element and its byte offset.
     */
    static void requireFinite(Path file, String tensor, ByteBuffer littleEndian, long fileOffset) throws ModelFileException {
        java.nio.FloatBuffer b = littleEndian.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        int n = b.remaining();
        float[] chunk = new float[Math.min(n, 1 << 14)];   // bulk copies of 64 KB: a plain loop over an array is fast
        for (int from = 0; from < n; from += chunk.length) {
            int len = Math.min(chunk.length, n - from);
            b.get(from, chunk, 0, len);
            int bad = -1;
            for (int i = 0; i < len; i++) if (!Float.isFinite(chunk[i])) { bad = i; break; }
            if (bad >= 0) {
                int first = from + bad, count = 0;
                for (int k = first; k < n; k++) if (!Float.isFinite(b.get(k))) count++;
                throw notFinite(file, tensor, count, first, b.get(first), ", byte " + (fileOffset + 4L * first) + " of the file");
            }
        }
    }

    private static ModelFileException notFinite(Path file, String tensor, int bad, int first, float value, String where) {
        return new ModelFileException(file, "tensor '" + tensor + "' has " + bad + " NaN or infinite weight"
                + (bad == 1 ? "" : "s") + " (first at element " + first + where + ": " + value + "); the model is unusable"
                + " (training diverged, or the file was damaged before its checksum was written)");
    }
}

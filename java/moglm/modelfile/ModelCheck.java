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
                SectionFile.Floats x = f.floats(dense);
                rows = x.rows();
                cols = x.cols();
            } else if (f.has(sparse)) {
                byte[] b = f.bytes(sparse);
                if (b.length < 8) throw new ModelFileException(file, "section " + sparse + " is too short for a sparse tensor header");
                ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
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
                throw new ModelFileException(file, "tensor '" + tensor + "' has " + bad + " NaN or infinite weight"
                        + (bad == 1 ? "" : "s") + " (first at element " + i + ": " + v[i] + "); the model is unusable"
                        + " (training diverged, or the file was damaged before its checksum was written)");
            }
        }
    }
}

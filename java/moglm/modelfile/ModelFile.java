package moglm.modelfile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import moglm.model.MogrifierLM;
import moglm.model.ModelConfig;
import moglm.model.ParamSpec;
import moglm.model.Precision;
import moglm.model.SparseKernels;
import moglm.model.Vocabulary;

/**
 * The moglm model file ({@code .mlm}): a {@link SectionFile} with codec {@value #CODEC} and
 * <ul>
 *   <li>{@code config} (TEXT): {@code key=value} lines: the architecture ({@code vocab_size,
 *       embed_size, hidden_size, layers, rounds, rank, tied}; from format version 2 also
 *       {@code lstm_rank, embed_rank}, the factor ranks of the LSTM and embedding/output matrices,
 *       0 = dense, which is what a version-1 file without them means), {@code oov_word},
 *       {@code reset_at_sentence_start}, and free-form information keys (training options,
 *       results) that readers may ignore;</li>
 *   <li>{@code vocabulary} (TEXT): the Kaldi {@code words.txt} the model was trained with (the
 *       model index mapping follows from it, see {@link Vocabulary});</li>
 *   <li>{@code param/NAME} (FLOATS rows x cols): every tensor of {@link MogrifierLM#params()}, or
 *       {@code sparse/NAME} (BYTES, {@link SparseTensor}: bitmap + non-zero values) for a tensor
 *       written with sparse storage (element-pruned exports, where it is smaller);</li>
 *   <li>any further sections a writer adds (e.g. pruning level masks): kept, ignored here.</li>
 * </ul>
 * A checkpoint ({@code moglm.train.Checkpoint}) uses the same sections under another codec.
 *
 * <p>Loading puts the weight matrices that are sparse enough on the CSR inference kernel
 * ({@link SparseKernels#apply}: density &lt;= {@value SparseKernels#CROSSOVER_DENSITY}), so
 * element-pruned models run sparse wherever that was measured to be faster.
 */
public final class ModelFile {
    public static final String CODEC = "moglm-model";
    /** Codec of training checkpoints ({@code moglm.train.Checkpoint}), which hold a model too. */
    public static final String CHECKPOINT_CODEC = "moglm-checkpoint";
    private static final String[] ARCH_KEYS = {"vocab_size", "embed_size", "hidden_size", "layers", "rounds", "rank", "tied"};
    /** The {@code config} keys {@link #writer} sets itself (architecture and {@code oov_word}): a
     *  model derived from another copies every other key as information. */
    public static final java.util.Set<String> WRITER_KEYS = java.util.Set.of("vocab_size", "embed_size", "hidden_size", "layers",
            "rounds", "rank", "lstm_rank", "embed_rank", "tied", "oov_word");
    /** Architecture keys added in format version 2 (absent = 0 in older files). */
    private static final String[] FACTOR_KEYS = {"lstm_rank", "embed_rank"};

    private ModelFile() {}

    /** A loaded model with its vocabulary and the whole file (for extra sections). */
    public record Loaded(MogrifierLM model, Vocabulary vocabulary, Map<String, String> config, SectionFile file)
            implements AutoCloseable {
        @Override public void close() { model.close(); }
    }

    /**
     * A writer holding the model's sections; add extra sections to it, then {@code write(path)}.
     * @param info extra {@code config} keys (must not clash with the architecture keys)
     */
    public static SectionFile.Writer writer(String codec, MogrifierLM model, Vocabulary vocab, Map<String, String> info) {
        return writer(codec, model, vocab, info, false);
    }

    /**
     * Same; with {@code sparseStorage} every tensor whose sparse form is smaller
     * ({@link SparseTensor#smaller}) is written as {@code sparse/NAME}.
     */
    public static SectionFile.Writer writer(String codec, MogrifierLM model, Vocabulary vocab, Map<String, String> info,
                                            boolean sparseStorage) {
        return writer(codec, model, vocab, info, sparseStorage, false);
    }

    /**
     * The sections of {@link #writer(String, MogrifierLM, Vocabulary, Map)}, with the tensors read
     * from the model while the file is written, a chunk at a time, instead of copied into Java
     * arrays now: the file is byte for byte the same, and writing it needs no heap copy of the
     * model (at V = 200k, E = 512 that is 400 MB). The model must not change until the writer has
     * written (a trainer writing its model or checkpoint between steps).
     */
    public static SectionFile.Writer streamingWriter(String codec, MogrifierLM model, Vocabulary vocab, Map<String, String> info) {
        return writer(codec, model, vocab, info, false, true);
    }

    private static SectionFile.Writer writer(String codec, MogrifierLM model, Vocabulary vocab, Map<String, String> info,
                                             boolean sparseStorage, boolean streamed) {
        ModelConfig c = model.config();
        if (c.vocabSize() != vocab.size()) {
            throw new IllegalArgumentException("model vocab_size " + c.vocabSize() + " != vocabulary size " + vocab.size());
        }
        Map<String, String> cfg = new LinkedHashMap<>();
        cfg.put("vocab_size", Integer.toString(c.vocabSize()));
        cfg.put("embed_size", Integer.toString(c.embedSize()));
        cfg.put("hidden_size", Integer.toString(c.hiddenSize()));
        cfg.put("layers", Integer.toString(c.layers()));
        cfg.put("rounds", Integer.toString(c.rounds()));
        cfg.put("rank", Integer.toString(c.rank()));
        cfg.put("lstm_rank", Integer.toString(c.lstmRank()));
        cfg.put("embed_rank", Integer.toString(c.embedRank()));
        cfg.put("tied", Boolean.toString(c.tied()));
        cfg.put("oov_word", vocab.oovWord() == null ? "" : vocab.oovWord());
        for (Map.Entry<String, String> e : info.entrySet()) {
            if (cfg.containsKey(e.getKey())) throw new IllegalArgumentException("config key '" + e.getKey() + "' is reserved");
            cfg.put(e.getKey(), e.getValue());
        }
        SectionFile.Writer w = new SectionFile.Writer(codec)
                .text(Sections.CONFIG, KeyValues.format(cfg))
                .text(Sections.VOCABULARY, vocab.toKaldiText());
        for (ParamSpec p : model.params()) {
            if (streamed) {
                String name = p.name();
                w.floats(Sections.PARAM_PREFIX + name, p.rows(), p.cols(), (from, dst, len) -> model.getParamRange(name, from, dst, len));
                continue;
            }
            float[] v = model.getParam(p.name());
            if (sparseStorage && SparseTensor.smaller(v)) w.bytes(Sections.SPARSE_PREFIX + p.name(), SparseTensor.encode(p.rows(), p.cols(), v));
            else w.floats(Sections.PARAM_PREFIX + p.name(), p.rows(), p.cols(), v);
        }
        return w;
    }

    /** Writes a model file atomically. */
    public static void write(Path file, MogrifierLM model, Vocabulary vocab, Map<String, String> info) throws IOException {
        writer(CODEC, model, vocab, info).write(file);
    }

    /** Writes a model file atomically, tensors in sparse storage where that is smaller. */
    public static void writeSparse(Path file, MogrifierLM model, Vocabulary vocab, Map<String, String> info) throws IOException {
        writer(CODEC, model, vocab, info, true).write(file);
    }

    /** Reads and verifies a model file (or a training checkpoint) and builds the model (float precision). */
    public static Loaded read(Path file) throws IOException {
        SectionFile f = SectionFile.read(file, null);
        if (!f.codec().equals(CODEC) && !f.codec().equals(CHECKPOINT_CODEC)) {
            throw new ModelFileException(file, "is a '" + f.codec() + "' file, not a moglm model or checkpoint");
        }
        return load(f);
    }

    /** Builds the model, vocabulary and config of an already read model or checkpoint file. */
    public static Loaded load(SectionFile f) throws IOException {
        Path file = f.file();
        Map<String, String> cfg;
        try {
            cfg = KeyValues.parse(f.text(Sections.CONFIG), file + " [config]");
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, e.getMessage());
        }
        for (String k : ARCH_KEYS) {
            if (!cfg.containsKey(k)) throw new ModelFileException(file, "config lacks '" + k + "'");
        }
        if (f.version() < 2) {
            for (String k : FACTOR_KEYS) {
                if (cfg.containsKey(k)) throw new ModelFileException(file, "format version " + f.version() + " file has '" + k
                        + "', which only version 2 and later define");
            }
        }
        ModelConfig mc;
        try {
            mc = new ModelConfig(Integer.parseInt(cfg.get("vocab_size")), Integer.parseInt(cfg.get("embed_size")),
                    Integer.parseInt(cfg.get("hidden_size")), Integer.parseInt(cfg.get("layers")),
                    Integer.parseInt(cfg.get("rounds")), Integer.parseInt(cfg.get("rank")),
                    Integer.parseInt(cfg.getOrDefault("lstm_rank", "0")), Integer.parseInt(cfg.getOrDefault("embed_rank", "0")),
                    Boolean.parseBoolean(cfg.get("tied")));
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, "bad architecture in config: " + e.getMessage());
        }
        String oov = cfg.getOrDefault("oov_word", "");
        Vocabulary vocab;
        try {
            vocab = Vocabulary.parseKaldi(f.textBytes(Sections.VOCABULARY), oov.isEmpty() ? null : oov, file + " [vocabulary]");
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, e.getMessage());
        }
        if (vocab.size() != mc.vocabSize()) {
            throw new ModelFileException(file, "vocabulary has " + vocab.size() + " model words but vocab_size is " + mc.vocabSize());
        }
        ModelCheck.check(file, mc, f);   // tensors and memory, before any native call
        MogrifierLM model = new MogrifierLM(mc, Precision.FLOAT);
        try {
            for (ParamSpec p : model.params()) {
                if (!f.has(Sections.PARAM_PREFIX + p.name()) && f.has(Sections.SPARSE_PREFIX + p.name())) {
                    try {
                        float[] v = SparseTensor.decode(f.bytes(Sections.SPARSE_PREFIX + p.name()), p.rows(), p.cols(),
                                "section sparse/" + p.name());
                        ModelCheck.requireFinite(file, p.name(), v);
                        model.setParam(p.name(), v);
                    } catch (IllegalArgumentException e) {
                        throw new ModelFileException(file, e.getMessage());
                    }
                    continue;
                }
                String section = Sections.PARAM_PREFIX + p.name();
                int[] shape = f.floatsShape(section);
                if (shape[0] != p.rows() || shape[1] != p.cols()) {
                    throw new ModelFileException(file, "tensor '" + p.name() + "' is " + shape[0] + "x" + shape[1]
                            + ", the config implies " + p.rows() + "x" + p.cols());
                }
                // straight from the (mapped, verified) file into native memory: no heap copy; the
                // values are checked there, before any kernel runs on them
                java.nio.ByteBuffer values = f.floatBytes(section);
                model.setParam(p.name(), values);
                long[] stats = model.paramStats(p.name());
                if (stats[0] > 0) {
                    ModelCheck.requireFinite(file, p.name(), values, f.offsetOf(section));   // throws, naming the element and its byte
                    throw new ModelFileException(file, "tensor '" + p.name() + "' has " + stats[0] + " NaN or infinite weights");
                }
            }
            SparseKernels.apply(model);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        return new Loaded(model, vocab, cfg, f);
    }
}

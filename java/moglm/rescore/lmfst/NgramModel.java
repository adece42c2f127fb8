package moglm.rescore.lmfst;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import moglm.kaldi.ngram.ArpaReader;
import moglm.kaldi.ngram.ConstArpaLm;
import moglm.kaldi.ngram.ConstArpaLmReader;
import moglm.kaldi.ngram.GrammarFst;
import moglm.kaldi.ngram.LmFormat;
import moglm.kaldi.ngram.NgramLm;
import moglm.kaldi.ngram.OpenFstReader;

/**
 * A loaded n-gram LM in any supported format (ARPA, G.fst, G.carpa; detected from the file's
 * first bytes), shared and immutable, that makes per-utterance {@link OnDemandLm} instances:
 * {@link NgramOnDemandLm}, {@link FstOnDemandLm} or {@link ConstArpaOnDemandLm}.
 *
 * <pre>{@code
 * NgramModel old = NgramModel.load(Path.of("data/lang/G.fst"), words::id);
 * OnDemandLm lm = old.get();      // one per utterance
 * }</pre>
 *
 * @param format  the file's format
 * @param source  the file (or command) it was read from, for messages
 * @param factory makes a fresh on-demand instance
 * @param order   n-gram order (0 when the format does not record it: G.fst)
 */
public record NgramModel(LmFormat format, String source, Supplier<OnDemandLm> factory, int order) implements Supplier<OnDemandLm> {

    @Override public OnDemandLm get() { return factory.get(); }

    /** ARPA models, wrapped. */
    public static NgramModel of(NgramLm arpa, String source) {
        NgramOnDemandLm shared = new NgramOnDemandLm(arpa);
        return new NgramModel(LmFormat.ARPA, source, () -> shared, arpa.order());
    }

    /**
     * Loads {@code file}, whatever its format. G.fst and G.carpa hold word ids already;
     * an ARPA's words are mapped with {@code arpaWordIds} (a words.txt lookup; negative = unknown),
     * and an ARPA with words it lacks is refused, since lattices and LMs must share one words.txt.
     *
     * @param arpaWordIds may be null when no words.txt is known: then an ARPA file is refused
     *                    with a message asking for one
     */
    public static NgramModel load(Path file, ToIntFunction<String> arpaWordIds) throws IOException {
        LmFormat f = LmFormat.detect(file);
        switch (f) {
            case FST -> {
                GrammarFst g = OpenFstReader.read(file);
                return new NgramModel(f, file.toString(), () -> new FstOnDemandLm(g), 0);
            }
            case CONST_ARPA -> {
                ConstArpaLm c = ConstArpaLmReader.read(file);
                return new NgramModel(f, file.toString(), () -> new ConstArpaOnDemandLm(c), c.order());
            }
            default -> {
                if (arpaWordIds == null)
                    throw new IllegalArgumentException(file + " is an ARPA file: its words need a words.txt (give --word-symbol-table)");
                ArpaReader.Result r;
                try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
                    r = ArpaReader.readWithStats(in, file.toString(), arpaWordIds, new ArpaReader.Options());
                }
                if (r.skippedNgrams() > 0)
                    throw new IllegalArgumentException("vocabulary mismatch: " + file + " has " + r.skippedNgrams()
                            + " n-grams with words that are not in words.txt (the LMs and the lattices must use the same words.txt)");
                return of(r.lm(), file.toString());
            }
        }
    }

    /**
     * Loads an LM named by a Kaldi rxfilename: a file, {@code -} (standard input) or a command
     * whose output is the LM ({@code "fstproject --project_type=output G.fst |"}). Files are
     * mapped; pipes and standard input are read into memory first.
     */
    public static NgramModel load(String rxfilename, ToIntFunction<String> arpaWordIds) throws IOException {
        String rx = rxfilename.strip();
        if (!rx.endsWith("|") && !rx.equals("-")) return load(Path.of(rx), arpaWordIds);
        byte[] bytes;
        if (rx.equals("-")) {
            bytes = System.in.readAllBytes();
        } else {
            moglm.kaldi.table.ShellPipe pipe = moglm.kaldi.table.ShellPipe.forReading(rx.substring(0, rx.length() - 1).strip());
            try (java.io.InputStream in = pipe.stdout()) {
                bytes = in.readAllBytes();
            }
            pipe.finish(true);
        }
        String name = rx;
        LmFormat f = LmFormat.detect(bytes, Math.min(bytes.length, 4));
        switch (f) {
            case FST -> {
                GrammarFst g = OpenFstReader.read(bytes, rx);
                return new NgramModel(f, name, () -> new FstOnDemandLm(g), 0);
            }
            case CONST_ARPA -> {
                ConstArpaLm c = ConstArpaLmReader.read(bytes, rx);
                return new NgramModel(f, name, () -> new ConstArpaOnDemandLm(c), c.order());
            }
            default -> {
                if (arpaWordIds == null)
                    throw new IllegalArgumentException(rx + " gives an ARPA LM: its words need a words.txt (give --word-symbol-table)");
                ArpaReader.Result r = ArpaReader.readWithStats(new java.io.ByteArrayInputStream(bytes), rx, arpaWordIds, new ArpaReader.Options());
                if (r.skippedNgrams() > 0)
                    throw new IllegalArgumentException("vocabulary mismatch: " + rx + " has " + r.skippedNgrams()
                            + " n-grams with words that are not in words.txt (the LMs and the lattices must use the same words.txt)");
                return of(r.lm(), name);
            }
        }
    }

    /** A one-line description for logs, e.g. {@code G.carpa (Kaldi ConstArpaLm, 3-gram)}. */
    public String describe() {
        String kind = switch (format) {
            case ARPA -> "ARPA";
            case FST -> "OpenFst grammar";
            case CONST_ARPA -> "Kaldi ConstArpaLm";
        };
        return source + " (" + kind + (order > 0 ? ", " + order + "-gram" : "") + ")";
    }

}

package moglm.cli.score;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import moglm.cli.common.MoglmCommand;
import moglm.kaldi.score.ComputeWer;
import moglm.kaldi.score.TokenVectorHolder;
import moglm.kaldi.score.Transcript;
import moglm.kaldi.score.WerMode;
import moglm.kaldi.score.WerStats;
import moglm.kaldi.table.Holder;
import moglm.kaldi.table.IntVectorHolder;
import moglm.kaldi.table.RandomAccessTableReader;
import moglm.kaldi.table.SequentialTableReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code moglm compute-wer}: Kaldi's compute-wer, same options, same output to the digit.
 *
 * <p>Prints its command line to stderr first (as every Kaldi binary does), then on stdout:
 * <pre>
 * %WER 8.75 [ 35 / 400, 10 ins, 10 del, 15 sub ]
 * %SER 57.50 [ 23 / 40 ]
 * Scored 40 sentences, 0 not present in hyp.
 * </pre>
 * A malformed table entry is reported and skipped; the exit status is then non-zero.
 */
@Command(name = "compute-wer", sortOptions = false,
        customSynopsis = "moglm compute-wer [options] <ref-rspecifier> <hyp-rspecifier> [<stats-out>]",
        description = {"Compute WER by comparing two transcriptions, like Kaldi's compute-wer.",
                "Takes two transcription files, in integer or text format, and outputs overall WER statistics to standard output."
                    + " Optionally, the third argument can be used to obtain detailed statistics."},
        footer = {"moglm compute-wer --text --mode=present ark:data/test/text ark:exp/tri3/decode_test/scoring_kaldi/penalty_0.0/15.txt",
                "cat 15.txt | moglm compute-wer --text --mode=present ark:data/test/text ark,p:-",
                "moglm compute-wer --text --mode=present ark:data/test/text ark:hyp_text - | sort | uniq -c"})
public final class ComputeWerCommand extends MoglmCommand {

    @Option(names = "--mode", paramLabel = "present|all|strict", defaultValue = "strict",
            description = "Scoring mode: \"present\" scores those we have transcriptions for; \"all\" treats absent transcriptions as empty; \"strict\" dies if a reference has no hypothesis.")
    String mode;

    @Option(names = "--text", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Expect strings, not integers, as input.")
    boolean text;

    @Parameters(index = "0", paramLabel = "<ref-rspecifier>") String refRspecifier;
    @Parameters(index = "1", paramLabel = "<hyp-rspecifier>") String hypRspecifier;
    @Parameters(index = "2", arity = "0..1", paramLabel = "<stats-out>",
            description = "Where to write per-word alignment statistics ('-' for standard output).")
    String statsOut;

    @Override protected int run() throws IOException {
        Consumer<String> warn = log::warn;
        {
            WerMode m = WerMode.parse(mode);
            RandomAccessTableReader<String[]> hyps = new RandomAccessTableReader<>(hypRspecifier, holder(), warn);
            WerStats stats;
            int refFailed;
            PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
            PrintStream statsStream = null;
            if (statsOut != null) {
                statsStream = statsOut.equals("-") ? out
                        : new PrintStream(new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(java.nio.file.Path.of(statsOut))),
                        false, StandardCharsets.UTF_8);
            }
            PrintStream ss = statsStream;
            try (SequentialTableReader<String[]> refs = new SequentialTableReader<>(refRspecifier, holder(), warn)) {
                stats = ComputeWer.score(iterate(refs), hyps::value, m, !text, ss == null ? null : line -> ss.print(line + "\n"));
                refFailed = refs.failed();
            } finally {
                if (ss != null && ss != out) ss.close();
            }
            out.print(stats.report());
            out.flush();
            int failed = refFailed + hyps.failed();
            if (failed > 0) {
                log.error(failed + " bad table entries were skipped");
                return 1;
            }
            return 0;
        }
    }

    /** Words as strings; without --text, Kaldi's int32 vectors (text or binary) turned into strings. */
    private Holder<String[]> holder() {
        if (text) return TokenVectorHolder.INSTANCE;
        return new Holder<>() {
            @Override public String[] read(moglm.kaldi.table.KaldiInput in) throws IOException {
                int[] v = IntVectorHolder.INSTANCE.read(in);
                String[] s = new String[v.length];
                for (int i = 0; i < v.length; i++) s[i] = Integer.toString(v[i]);
                return s;
            }

            @Override public void write(java.io.OutputStream out, boolean binary, String[] value) {
                throw new IllegalStateException("compute-wer reads transcripts; it never writes this table type");
            }

            @Override public String typeName() {
                return "int32 vector";
            }
        };
    }

    /** The references of a sequential table reader as transcripts (shared with compute-wer-bootci). */
    static Iterator<Transcript> iterate(SequentialTableReader<String[]> r) {
        return new Iterator<>() {
            Transcript next;

            @Override public boolean hasNext() {
                if (next != null) return true;
                try {
                    if (!r.next()) return false;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                next = new Transcript(r.key(), r.value());
                return true;
            }

            @Override public Transcript next() {
                if (!hasNext()) throw new NoSuchElementException();
                Transcript t = next;
                next = null;
                return t;
            }
        };
    }
}

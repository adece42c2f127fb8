package moglm.cli.score;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import moglm.kaldi.score.ComputeWer;
import moglm.kaldi.score.TranscriptReader;
import moglm.kaldi.score.WerMode;
import moglm.kaldi.score.WerStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code moglm compute-wer}: Kaldi's compute-wer, same options, same output to the digit.
 *
 * <p>Prints its command line to stderr first (as every Kaldi binary does, so {@code >&} logs
 * match Kaldi's), then on stdout:
 * <pre>
 * %WER 8.75 [ 35 / 400, 10 ins, 10 del, 15 sub ]
 * %SER 57.50 [ 23 / 40 ]
 * Scored 40 sentences, 0 not present in hyp.
 * </pre>
 */
@Command(name = "compute-wer", sortOptions = false,
        description = {"Compute WER by comparing different transcriptions.",
                "Takes two transcription files, in integer or text format, and outputs overall WER statistics to standard output.",
                "",
                "Usage: moglm compute-wer [options] <ref-rspecifier> <hyp-rspecifier>",
                "E.g.: moglm compute-wer --text --mode=present ark:data/test/text ark:exp/tri3/decode_test/scoring_kaldi/penalty_0.0/15.txt"})
public final class ComputeWerCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--mode", paramLabel = "present|all|strict", defaultValue = "strict",
            description = "Scoring mode: \"present\" scores those we have transcriptions for; \"all\" treats absent transcriptions as empty; \"strict\" dies if a reference has no hypothesis (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--text", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Expect strings, not integers, as input (default: ${DEFAULT-VALUE}).")
    boolean text;

    @Parameters(index = "0", paramLabel = "<ref-rspecifier>") String refRspecifier;
    @Parameters(index = "1", paramLabel = "<hyp-rspecifier>") String hypRspecifier;

    @Override public Integer call() {
        System.err.print(KaldiCommandLine.echo(spec));
        try {
            WerMode m = WerMode.parse(mode);
            Map<String, String[]> hyps;
            try (BufferedReader h = TextRspecifier.open(hypRspecifier)) {
                hyps = TranscriptReader.readAll(h, hypRspecifier);
            }
            WerStats stats;
            try (BufferedReader r = TextRspecifier.open(refRspecifier)) {
                stats = ComputeWer.score(new TranscriptReader(r, refRspecifier), hyps, m, !text);
            }
            PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
            out.print(stats.report());
            out.flush();
            return 0;
        } catch (Exception e) {
            System.err.println("ERROR (compute-wer): " + e.getMessage());
            return 1;
        }
    }
}

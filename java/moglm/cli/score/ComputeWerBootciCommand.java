package moglm.cli.score;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import moglm.cli.common.MoglmCommand;
import moglm.kaldi.score.BootstrapWer;
import moglm.kaldi.score.TokenVectorHolder;
import moglm.kaldi.score.WerMode;
import moglm.kaldi.table.RandomAccessTableReader;
import moglm.kaldi.table.SequentialTableReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code moglm compute-wer-bootci}: Kaldi's compute-wer-bootci, same arguments, options and output
 * ({@link BootstrapWer}). With one hypothesis table it prints the WER and its bootstrap 95%
 * confidence interval; with two, both and the probability that the second system improves on
 * the first (a paired bootstrap over utterances: the way to tell whether a WER difference on one
 * test set is more than chance). Words are compared as strings, integer or text alike.
 * A malformed table entry is reported and skipped; the exit status is then non-zero.
 */
@Command(name = "compute-wer-bootci", sortOptions = false,
        customSynopsis = "moglm compute-wer-bootci [options] <ref-rspecifier> <hyp-rspecifier> [<hyp2-rspecifier>]",
        description = {"Compute a bootstrap estimate of the WER's 95%% confidence interval, like Kaldi's compute-wer-bootci.",
                "Takes a reference and a transcription (integer or text format) and prints the overall WER with its confidence"
                    + " interval, by the bootstrap of Bisani and Ney (utterances resampled with replacement). Given a second"
                    + " transcription of the same references, it also prints that one's interval and the probability, in percent,"
                    + " that the second system improves on the first (paired resampling)."},
        footer = {"moglm compute-wer-bootci --mode=present ark:data/dev/text ark:hyp.txt",
                "moglm compute-wer-bootci --mode=present ark:data/dev/text ark:exact.txt ark:raw.txt"})
public final class ComputeWerBootciCommand extends MoglmCommand {

    @Option(names = "--mode", paramLabel = "present|all|strict", defaultValue = "strict",
            description = "Scoring mode: \"present\" scores those we have transcriptions for (with two systems: those both have);"
                    + " \"all\" treats absent transcriptions as empty; \"strict\" dies if a reference has no hypothesis.")
    String mode;

    @Option(names = "--replications", paramLabel = "<n>", defaultValue = "10000",
            description = "Number of bootstrap replications.")
    int replications;

    @Parameters(index = "0", paramLabel = "<ref-rspecifier>") String refRspecifier;
    @Parameters(index = "1", paramLabel = "<hyp-rspecifier>") String hypRspecifier;
    @Parameters(index = "2", arity = "0..1", paramLabel = "<hyp2-rspecifier>",
            description = "A second system's transcription of the same references.")
    String hyp2Rspecifier;

    @Override protected int run() throws IOException {
        Consumer<String> warn = log::warn;
        WerMode m = WerMode.parse(mode);
        RandomAccessTableReader<String[]> hyps = new RandomAccessTableReader<>(hypRspecifier, TokenVectorHolder.INSTANCE, warn);
        RandomAccessTableReader<String[]> hyps2 = hyp2Rspecifier == null ? null
                : new RandomAccessTableReader<>(hyp2Rspecifier, TokenVectorHolder.INSTANCE, warn);
        String report;
        int refFailed;
        try (SequentialTableReader<String[]> refs = new SequentialTableReader<>(refRspecifier, TokenVectorHolder.INSTANCE, warn)) {
            report = hyps2 == null ? BootstrapWer.report(ComputeWerCommand.iterate(refs), hyps::value, m, replications)
                    : BootstrapWer.compare(ComputeWerCommand.iterate(refs), hyps::value, hyps2::value, m, replications);
            refFailed = refs.failed();
        }
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        out.print(report);
        out.flush();
        int failed = refFailed + hyps.failed() + (hyps2 == null ? 0 : hyps2.failed());
        if (failed > 0) {
            log.error(failed + " bad table entries were skipped");
            return 1;
        }
        return 0;
    }
}

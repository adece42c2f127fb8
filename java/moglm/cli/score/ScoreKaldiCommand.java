package moglm.cli.score;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import moglm.kaldi.score.ScoreKaldi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code moglm score-kaldi}: Kaldi's {@code steps/score_kaldi.sh} (best path over an LMWT x WIP
 * sweep, compute-wer, best_wer) in one process, writing the same files byte for byte. Options use
 * the script's names, with '-' or '_' and a space or '=' before the value.
 */
@Command(name = "score-kaldi", sortOptions = false,
        description = {"Score a Kaldi decode directory like steps/score_kaldi.sh: for each word insertion penalty and LM weight,",
                "the best path of every lattice in <decode-dir>/lat.*.gz, written to scoring_kaldi/penalty_WIP/LMWT.txt, scored with",
                "compute-wer into <decode-dir>/wer_LMWT_WIP; the best one goes to scoring_kaldi/best_wer.",
                "",
                "Usage: moglm score-kaldi [options] <data-dir> <lang-dir|graph-dir> <decode-dir>",
                "E.g.: moglm score-kaldi --min-lmwt 7 --max-lmwt 17 data/test data/lang exp/tri3/decode_test"})
public final class ScoreKaldiCommand implements Callable<Integer> {
    @Option(names = {"--min-lmwt", "--min_lmwt"}, paramLabel = "<int>", defaultValue = "7",
            description = "Minimum LM weight (default: ${DEFAULT-VALUE}).")
    int minLmwt;

    @Option(names = {"--max-lmwt", "--max_lmwt"}, paramLabel = "<int>", defaultValue = "17",
            description = "Maximum LM weight (default: ${DEFAULT-VALUE}).")
    int maxLmwt;

    @Option(names = {"--word-ins-penalty", "--word_ins_penalty"}, paramLabel = "<list>", defaultValue = "0.0,0.5,1.0",
            description = "Comma-separated word insertion penalties (default: ${DEFAULT-VALUE}).")
    String wordInsPenalty;

    @Option(names = {"--decode-mbr", "--decode_mbr"}, paramLabel = "true|false", arity = "1", defaultValue = "false",
            description = "Maximum Bayes risk decoding: not supported (only false).")
    boolean decodeMbr;

    @Option(names = "--reverse", paramLabel = "true|false", arity = "1", defaultValue = "false",
            description = "Score with time-reversed hypotheses (default: ${DEFAULT-VALUE}).")
    boolean reverse;

    @Option(names = "--stats", paramLabel = "true|false", arity = "1", defaultValue = "true",
            description = "Write scoring_kaldi/wer_details/ (lmwt, wip, per_utt, per_spk, ops, wer_bootci) (default: ${DEFAULT-VALUE}).")
    boolean stats;

    @Option(names = "--stage", paramLabel = "<int>", defaultValue = "0",
            description = "0: everything; 1: only best_wer from existing wer files (default: ${DEFAULT-VALUE}).")
    int stage;

    @Option(names = {"--ref-filter", "--ref_filter"}, paramLabel = "<cmd>",
            description = "Shell command filtering the references, like local/wer_ref_filter (default: none).")
    String refFilter;

    @Option(names = {"--hyp-filter", "--hyp_filter"}, paramLabel = "<cmd>",
            description = "Shell command filtering the hypotheses, like local/wer_hyp_filter (default: none).")
    String hypFilter;

    @Option(names = "--cmd", paramLabel = "<cmd>", description = "Accepted for compatibility with score_kaldi.sh and ignored (runs locally).")
    String cmd;

    @Option(names = "--beam", paramLabel = "<float>", description = "Accepted for compatibility (used only by MBR decoding) and ignored.")
    String beam;

    @Parameters(index = "0", paramLabel = "<data-dir>") String dataDir;
    @Parameters(index = "1", paramLabel = "<lang-dir|graph-dir>") String langDir;
    @Parameters(index = "2", paramLabel = "<decode-dir>") String decodeDir;

    @Override public Integer call() {
        try {
            if (decodeMbr) throw new IllegalArgumentException("--decode-mbr true is not supported (lattice-mbr-decode is not implemented)");
            ScoreKaldi.Options o = new ScoreKaldi.Options();
            o.minLmwt = minLmwt;
            o.maxLmwt = maxLmwt;
            List<String> wips = Arrays.stream(wordInsPenalty.split("[, ]+")).filter(s -> !s.isEmpty()).toList();
            o.wordInsPenalties = wips;
            o.reverse = reverse;
            o.stats = stats;
            o.stage = stage;
            o.refFilterCmd = refFilter;
            o.hypFilterCmd = hypFilter;
            ScoreKaldi.Outcome r = ScoreKaldi.run(dataDir, langDir, decodeDir, o, System.err::println);
            System.err.println("score-kaldi: " + r.lattices() + " lattices, " + r.noPath() + " without a path, "
                    + r.badLattices() + " bad entries skipped");
            return r.badLattices() == 0 ? 0 : 1;
        } catch (Exception e) {
            System.err.println("ERROR (score-kaldi): " + moglm.util.ErrorMessages.of(e));
            return 1;
        }
    }
}

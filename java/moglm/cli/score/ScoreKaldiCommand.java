package moglm.cli.score;

import java.util.Arrays;
import java.util.List;
import moglm.cli.common.MoglmCommand;
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
        customSynopsis = "moglm score-kaldi [options] <data-dir> <lang-dir|graph-dir> <decode-dir>",
        description = {"Score a Kaldi decode directory like steps/score_kaldi.sh, writing the same files.",
                "For each word insertion penalty and LM weight, the best path of every lattice in <decode-dir>/lat.*.gz is written"
                    + " to scoring_kaldi/penalty_WIP/LMWT.txt and scored with compute-wer into <decode-dir>/wer_LMWT_WIP; the best"
                    + " one goes to scoring_kaldi/best_wer. Options take the script's names, with '-' or '_'."},
        footer = {"moglm score-kaldi --min-lmwt 7 --max-lmwt 17 data/test data/lang exp/tri3/decode_test"})
public final class ScoreKaldiCommand extends MoglmCommand {
    @Option(names = {"--min-lmwt", "--min_lmwt"}, paramLabel = "<int>", defaultValue = "7",
            description = "Minimum LM weight.")
    int minLmwt;

    @Option(names = {"--max-lmwt", "--max_lmwt"}, paramLabel = "<int>", defaultValue = "17",
            description = "Maximum LM weight.")
    int maxLmwt;

    @Option(names = {"--word-ins-penalty", "--word_ins_penalty"}, paramLabel = "<list>", defaultValue = "0.0,0.5,1.0",
            description = "Comma-separated word insertion penalties.")
    String wordInsPenalty;

    @Option(names = {"--decode-mbr", "--decode_mbr"}, paramLabel = "true|false", arity = "1", defaultValue = "false",
            description = "Maximum Bayes risk decoding: not supported (only false).")
    boolean decodeMbr;

    @Option(names = "--reverse", paramLabel = "true|false", arity = "1", defaultValue = "false",
            description = "Score with time-reversed hypotheses.")
    boolean reverse;

    @Option(names = "--stats", paramLabel = "true|false", arity = "1", defaultValue = "true",
            description = "Write scoring_kaldi/wer_details/ (lmwt, wip, per_utt, per_spk, ops, wer_bootci).")
    boolean stats;

    @Option(names = "--stage", paramLabel = "<int>", defaultValue = "0",
            description = "0: everything; 1: only best_wer from existing wer files.")
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

    @Override protected int run() throws Exception {
        {
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
            ScoreKaldi.Outcome r = ScoreKaldi.run(dataDir, langDir, decodeDir, o,
                    line -> {
                        if (line.startsWith("WARNING: ")) log.warn(line.substring("WARNING: ".length()));
                        else if (line.startsWith("%WER")) System.out.println(line);   // the best WER: a result, on standard output
                        else log.log(line);
                    });
            log.log(r.lattices() + " lattices, " + r.noPath() + " without a path, " + r.badLattices() + " bad entries skipped");
            return r.badLattices() == 0 ? 0 : 1;
        }
    }
}

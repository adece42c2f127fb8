package moglm.lowrank;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import moglm.model.MogrifierLM;
import moglm.modelfile.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code moglm export-rank}: one-shot SVD truncation of a model's mogrifier matrices to rank K. */
@Command(name = "export-rank", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {
            "Write <model> with every mogrifier round matrix replaced by its best rank-K approximation",
            "(truncated SVD), stored as factors (ModelConfig rank K): physically smaller, same scoring path.",
            "--lstm-rank R also truncates the LSTM and output matrices to rank R, but they stay dense",
            "(no factored LSTM kernel: perplexity-vs-rank measurement only, no size or speed gain).",
            "--rank-levels k1,k2,... (each < K) also stores nested rank levels: the factors are ordered by singular",
            "value, so the first k directions are the best rank-k model; moglm ppl/export --level=k and moglm info",
            "then use one file at every listed rank (level 0 = rank K).",
            "",
            "Usage:  moglm export-rank --rank=K [--rank-levels=LIST] [--lstm-rank=R] -o <out.mlm> <model>",
            "e.g.:   moglm export-rank --rank=32 -o exp/lr/r32.mlm exp/mog/model.mlm",
            "        moglm export-rank --rank=16 --rank-levels=2,4,8 -o exp/lr/nested.mlm exp/lr/r16/model.mlm",
            ""})
public final class ExportRankCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<model>") Path model;
    @Option(names = {"-o", "--output"}, required = true, paramLabel = "<out.mlm>") Path out;
    @Option(names = "--rank", required = true, description = "Target rank K of the mogrifier matrices.") int rank;
    @Option(names = "--lstm-rank", description = "Also truncate LSTM/output matrices to this rank, kept dense (0 = no).") int lstmRank = 0;
    @Option(names = "--rank-levels", paramLabel = "LIST", description = "Nested rank levels below --rank stored in the file (e.g. 2,4,8).")
    String rankLevels;

    @Override public Integer call() throws Exception {
        try (ModelFile.Loaded m = ModelFile.read(model)) {
            Map<String, String> info = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : m.config().entrySet()) {
                if (!ModelFile.WRITER_KEYS.contains(e.getKey())) info.put(e.getKey(), e.getValue());
            }
            info.put("exported_from", model.toString());
            info.put("exported_rank", Integer.toString(rank));
            RankLevels levels;
            try {
                levels = rankLevels == null ? null : RankLevels.parse(rankLevels, rank);
            } catch (IllegalArgumentException e) {
                System.err.println("moglm export-rank: " + e.getMessage());
                return 1;
            }
            MogrifierLM small;
            try {
                small = LowRank.toRank(m.model(), rank);
            } catch (IllegalArgumentException e) {
                System.err.println("moglm export-rank: " + model + ": " + e.getMessage());
                return 1;
            }
            try (small) {
                String extra = "";
                if (lstmRank > 0) {
                    List<Double> err = LowRank.truncateInPlace(small, LowRank.lstmAndOutput(small.config()), lstmRank);
                    info.put("exported_lstm_rank", Integer.toString(lstmRank));
                    extra = String.format(Locale.ROOT, ", LSTM/output truncated to rank %d (dense), relative errors %s", lstmRank, err);
                }
                var writer = ModelFile.writer(ModelFile.CODEC, small, m.vocabulary(), info);
                if (levels != null) {
                    writer.bytes(RankLevels.SECTION, levels.toBytes());
                    StringBuilder sb = new StringBuilder(", rank levels");
                    for (int k : levels.ranks())
                        sb.append(String.format(Locale.ROOT, " %d (%d parameters)", k, RankLevels.params(small.config(), k)));
                    extra += sb;
                }
                writer.write(out);
                System.out.printf(Locale.ROOT, "%s: mogrifier rank %d -> %s: %d parameters (%.1f%% of %d), %d bytes%s%n",
                        model, rank, out, small.numParams(), 100.0 * small.numParams() / m.model().numParams(),
                        m.model().numParams(), Files.size(out), extra);
            }
        }
        return 0;
    }
}

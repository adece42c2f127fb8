package moglm.cli.prune;

import moglm.cli.common.MoglmCommand;
import moglm.cli.common.ThreadsOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import moglm.lowrank.LowRank;
import moglm.level.NestedRanks;
import moglm.level.RankLevels;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.modelfile.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import moglm.level.RankLevels;
import moglm.level.NestedRanks;

/**
 * {@code moglm export-rank}: one-shot SVD truncation of a model's matrices to smaller ranks,
 * stored factored ({@link LowRank#toRanks}): mogrifier rounds ({@code --rank}), LSTM gate matrices
 * ({@code --lstm-rank}), embedding and output matrices ({@code --embed-rank}).
 */
@Command(name = "export-rank", sortOptions = false,
        customSynopsis = "moglm export-rank [options] -o <out.mlm> <model>",
        description = {
            "Write <model> with its matrices replaced by their best rank-K approximations (truncated SVD), stored as factors.",
            "Each factored matrix is left (rows x K) * right (K x cols): physically smaller, same scoring path. --rank K: the"
                + " mogrifier round matrices; --lstm-rank K: the LSTM gate matrices (4H x (m+H)); --embed-rank K: the embedding"
                + " (V x E) and, untied, the output matrix (V x H). 0 = dense; an option left out keeps the model's current rank"
                + " for that group. At least one must be given.",
            "--rank-levels k1,k2,... also stores nested rank levels: the factors are ordered by singular value, so level k (every"
                + " rank capped at k) is the first k directions of every factored matrix; moglm ppl/export --level=k and moglm info"
                + " then use one file at every listed level (level 0 = the whole model)."},
        footer = {"moglm export-rank --rank=32 -o exp/lr/r32.mlm exp/mog/final.mlm",
                "moglm export-rank --lstm-rank=96 --embed-rank=64 -o exp/lr/f64.mlm exp/mog/final.mlm",
                "moglm export-rank --rank=16 --rank-levels=2,4,8 -o exp/lr/nested.mlm exp/lr/r16/final.mlm"})
public final class ExportRankCommand extends MoglmCommand {
    @Mixin ThreadsOption threads = new ThreadsOption();
    @Parameters(index = "0", paramLabel = "<model>") Path model;
    @Option(names = {"-o", "--output"}, required = true, paramLabel = "<out.mlm>", description = "The model file to write.") Path out;
    @Option(names = "--rank", paramLabel = "K", description = "Rank of the mogrifier round matrices (0 = dense).") Integer rank;
    @Option(names = "--lstm-rank", paramLabel = "K", description = "Rank of the LSTM gate matrices (0 = dense).") Integer lstmRank;
    @Option(names = "--embed-rank", paramLabel = "K", description = "Rank of the embedding and output matrices (0 = dense).") Integer embedRank;
    @Option(names = "--rank-levels", paramLabel = "LIST", description = "Nested rank levels below the largest rank stored in the file (e.g. 2,4,8).")
    String rankLevels;

    @Override protected int run() throws Exception {
        threads.apply();
        if (rank == null && lstmRank == null && embedRank == null) {
            throw new IllegalArgumentException("give at least one of --rank, --lstm-rank, --embed-rank");
        }
        try (ModelFile.Loaded m = ModelFile.read(model)) {
            ModelConfig c = m.model().config();
            int k = rank == null ? c.rank() : rank, kl = lstmRank == null ? c.lstmRank() : lstmRank,
                    ke = embedRank == null ? c.embedRank() : embedRank;
            Map<String, String> info = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : m.config().entrySet()) {
                if (!ModelFile.WRITER_KEYS.contains(e.getKey())) info.put(e.getKey(), e.getValue());
            }
            info.put("exported_from", model.toString());
            info.put("exported_rank", Integer.toString(k));
            info.put("exported_lstm_rank", Integer.toString(kl));
            info.put("exported_embed_rank", Integer.toString(ke));
            MogrifierLM small;
            try {
                small = LowRank.toRanks(m.model(), k, kl, ke);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(model + ": " + e.getMessage(), e);
            }
            try (small) {
                RankLevels levels = rankLevels == null ? null : RankLevels.parse(rankLevels, NestedRanks.fullRank(small.config()));
                var writer = ModelFile.writer(ModelFile.CODEC, small, m.vocabulary(), info);
                String extra = "";
                if (levels != null) {
                    writer.bytes(RankLevels.SECTION, levels.toBytes());
                    StringBuilder sb = new StringBuilder(", rank levels");
                    for (int lv : levels.ranks())
                        sb.append(String.format(Locale.ROOT, " %d (%d parameters)", lv, RankLevels.params(small.config(), lv)));
                    extra = sb.toString();
                }
                writer.write(out);
                System.out.printf(Locale.ROOT, "%s: ranks mogrifier %d, lstm %d, embed %d (0 = dense) -> %s: %d parameters (%.1f%% of %d), %d bytes%s%n",
                        model, k, kl, ke, out, small.numParams(), 100.0 * small.numParams() / m.model().numParams(),
                        m.model().numParams(), Files.size(out), extra);
            }
        }
        return 0;
    }
}

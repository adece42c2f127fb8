package moglm.cli.train;

import java.nio.file.Path;
import moglm.lowrank.InitFromHook;
import moglm.train.StepHook;
import moglm.model.Vocabulary;
import picocli.CommandLine.Option;

/** {@code moglm train --granularity lowrank --init-from MODEL} (with {@code --rank K}, {@code --lstm-rank}, {@code --embed-rank}). */
public final class LowRankOptionsMixin {
    @Option(names = "--init-from", paramLabel = "MODEL",
            description = "With --granularity lowrank: start from MODEL, its mogrifier / LSTM / embedding matrices truncated by SVD to --rank / --lstm-rank / --embed-rank (incremental low-rank: chain runs).")
    Path initFrom;

    /** The hook when {@code granularity} is lowrank, else null (then --init-from is refused). */
    public StepHook hook(String granularity, boolean pruningActive, Vocabulary vocab) {
        if (!"lowrank".equals(granularity)) {
            if (initFrom != null) throw new IllegalArgumentException("--init-from goes with --granularity lowrank");
            return null;
        }
        if (pruningActive) throw new IllegalArgumentException("--granularity lowrank takes --rank and --init-from, not --levels/--prune-to");
        if (initFrom == null) throw new IllegalArgumentException("--granularity lowrank needs --init-from MODEL");
        return new InitFromHook(initFrom, vocab);
    }
}

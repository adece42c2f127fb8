package moglm.cli.train;

import java.nio.file.Path;
import java.util.List;
import moglm.cli.common.MoglmCommand;
import moglm.scale.ModelAverage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code moglm average-models}: the model averaging of a multi-job iteration (Kaldi's nnet3-average). */
@Command(name = "average-models", sortOptions = false,
        customSynopsis = "moglm average-models [options] <in1> <in2> ... <inN> <out>",
        description = {
            "Average N moglm models, or N training checkpoints, of one architecture and vocabulary: parameters and optimiser"
                + " state element-wise (weighted mean, accumulated in double); step counts and on-demand masks must agree;"
                + " models with different configurations or vocabularies are refused.",
            "Argument order as Kaldi's nnet3-average: the inputs, then the output. Checkpoints give a checkpoint (what the"
                + " next iteration's jobs --start-from), or a model file when <out> ends in .mlm."},
        footer = {"moglm average-models exp/lm/iter3/1/checkpoint.mlmc exp/lm/iter3/2/checkpoint.mlmc exp/lm/4.mlmc",
                "moglm average-models --weights=2:1 a.mlm b.mlm avg.mlm"})
public final class AverageModelsCommand extends MoglmCommand {
    @Parameters(arity = "2..*", paramLabel = "<in1> ... <out>", description = "Input models or checkpoints, then the output file.")
    List<Path> files;
    @Option(names = "--weights", paramLabel = "W1:W2:...",
            description = "Colon-separated weight per input model, normalised to sum to one (default: equal weights).")
    String weights;

    @Override protected int run() throws java.io.IOException {
        List<Path> in = files.subList(0, files.size() - 1);
        Path out = files.get(files.size() - 1);
        ModelAverage.Summary s = ModelAverage.average(in, ModelAverage.parseWeights(weights, in.size()), out);
        log.log(ModelAverage.describe(s, out));
        return 0;
    }
}

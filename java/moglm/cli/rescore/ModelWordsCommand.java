package moglm.cli.rescore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import moglm.cli.common.MoglmCommand;
import moglm.kaldi.SymbolTable;
import moglm.kaldi.SymbolTableDiff;
import moglm.modelfile.ModelFile;
import moglm.modelfile.SectionFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code moglm model-words}: the words.txt inside a model file, or its comparison with a lang's words.txt. */
@Command(name = "model-words", sortOptions = false, usageHelpAutoWidth = true,
        customSynopsis = "moglm model-words [--compare=<words.txt>] <model>",
        description = {
            "Write the Kaldi words.txt stored in a moglm model (or training checkpoint) to standard output.",
            "With --compare=<words.txt> nothing is written: the command checks that the given words.txt has the same"
                + " symbol/id pairs as the model's (a <brk> that only the model has is allowed), and on a difference names"
                + " the first differing id and exits 1.",
            "The rescoring drop-ins (recipes/kaldi/lmrescore_*.sh) run this on <old-lang>/words.txt."},
        footer = {"moglm model-words --compare=data/lang_test/words.txt exp/moglm/final.mlm",
                  "moglm model-words exp/moglm/final.mlm > words.txt"})
public final class ModelWordsCommand extends MoglmCommand {
    @Option(names = "--compare", paramLabel = "FILE", description = "Compare with this words.txt instead of printing the model's.")
    Path compare;

    @Parameters(index = "0", paramLabel = "<model>") Path model;

    @Override protected int run() throws IOException {
        SectionFile f = SectionFile.read(model, null);
        if (!f.codec().equals(ModelFile.CODEC) && !f.codec().equals(ModelFile.CHECKPOINT_CODEC))
            throw new IOException(model + ": not a moglm model (codec '" + f.codec() + "')");
        String text = f.text("vocabulary");
        if (compare == null) {
            System.out.print(text);
            System.out.flush();
            return 0;
        }
        SymbolTable mine = SymbolTable.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), model + " [vocabulary]");
        SymbolTable lang = SymbolTable.read(compare);
        String diff = SymbolTableDiff.firstDifference(lang, mine);
        if (diff != null) {
            log.error(diff);
            return 1;
        }
        log.log(compare + " and the model's words.txt agree (" + lang.size() + " symbols)");
        return 0;
    }
}

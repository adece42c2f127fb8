package moglm.cli.kaldi;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.List;
import moglm.cli.common.MoglmCommand;
import moglm.kaldi.SymbolTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code moglm sym2int}: Kaldi's {@code utils/sym2int.pl}. Replaces symbols (words) by their
 * integer ids; with {@code --map-oov SYM} words missing from the table become SYM's id, otherwise
 * they are an error (exit 1) naming the line.
 */
@Command(name = "sym2int",
        customSynopsis = "moglm sym2int [--map-oov <oov-symbol>] [-f <field>|<first>-[<last>]] <symtab> [<input>...] > output",
        description = {"Map symbols (words) to integer ids with a symbol table, like Kaldi's utils/sym2int.pl."},
        footer = {"moglm sym2int --map-oov '<unk>' -f 2- data/lang/words.txt data/test/text > text.int"})
public final class Sym2IntCommand extends MoglmCommand {
    @Option(names = {"-f", "--field"}, paramLabel = "RANGE", description = "Fields to map: N, N-M, N- or -M (default: all).")
    String fields;

    @Option(names = "--map-oov", paramLabel = "SYMBOL", description = "Map words not in the table to this symbol's id.")
    String mapOov;

    @Parameters(index = "0", paramLabel = "<symtab>") String symtab;
    @Parameters(index = "1..*", paramLabel = "<input>") List<String> inputs;

    @Override protected int run() throws IOException {
        {
            int[] range = Int2SymCommand.fieldRange(fields);
            SymbolTable table = SymbolTable.read(Paths.get(symtab));
            int oov = SymbolTable.NO_SYMBOL;
            if (mapOov != null) {
                oov = table.id(mapOov);
                if (oov == SymbolTable.NO_SYMBOL) throw new IllegalArgumentException("--map-oov symbol '" + mapOov + "' is not in " + symtab);
            }
            final int oovId = oov;
            return Int2SymCommand.mapAll(inputs, tok -> {
                int id = table.idOrOov(tok, oovId);
                if (id == SymbolTable.NO_SYMBOL) throw new IllegalArgumentException("undefined symbol " + tok);
                return Integer.toString(id);
            }, range[0], range[1], false);
        }
    }
}

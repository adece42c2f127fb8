package moglm.cli.rescore;

import java.io.IOException;
import java.nio.file.Path;
import moglm.kaldi.SymbolTable;
import moglm.rescore.lmfst.NgramModel;
import picocli.CommandLine.Option;

/** The {@code --word-symbol-table} option of the n-gram commands: needed only to read ARPA files. */
final class NgramOptions {
    @Option(names = "--word-symbol-table", paramLabel = "FILE",
            description = "Symbol table (words.txt) mapping the words of ARPA LMs to the lattices' word ids; not needed for G.fst or G.carpa.")
    Path wordSymbolTable;

    private SymbolTable words;

    /** Loads an n-gram LM (file, {@code -} or {@code "command |"}) in any supported format (detected from its first bytes). */
    NgramModel load(String rxfilename) throws IOException {
        if (wordSymbolTable != null && words == null) words = SymbolTable.read(wordSymbolTable);
        return NgramModel.load(rxfilename, words == null ? null : words::id);
    }
}

package moglm.cli.kaldi;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.Callable;
import moglm.kaldi.SymbolTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code moglm int2sym}: Kaldi's {@code utils/int2sym.pl}. Replaces integer fields by their
 * symbols; fields outside the {@code -f} range are copied. Output fields are joined by single
 * spaces. An id missing from the table is an error (exit 1) naming the line.
 */
@Command(name = "int2sym", mixinStandardHelpOptions = true,
        customSynopsis = "int2sym [-f <field>|<first>-[<last>]] <symtab> [<input>...] > output",
        description = {"Map integer ids to symbols (words) with a symbol table, like Kaldi's utils/int2sym.pl.",
                "Fields are numbered from 1; -f 2- maps every field from the second on (keys stay)."},
        footer = {" e.g.: moglm lattice-best-path ark:1.lats ark,t:- | moglm int2sym -f 2- data/lang/words.txt"})
public final class Int2SymCommand implements Callable<Integer> {
    @Option(names = {"-f", "--field"}, paramLabel = "RANGE", description = "Fields to map: N, N-M, N- or -M (default: all).")
    String fields;

    @Parameters(index = "0", paramLabel = "<symtab>") String symtab;
    @Parameters(index = "1..*", paramLabel = "<input>") List<String> inputs;

    @Override public Integer call() {
        int first = 1, last = Integer.MAX_VALUE;
        if (fields != null) {
            try {
                String f = fields.strip();
                int dash = f.indexOf('-');
                if (dash < 0) {
                    first = last = Integer.parseInt(f);
                } else {
                    if (dash > 0) first = Integer.parseInt(f.substring(0, dash));
                    if (dash < f.length() - 1) last = Integer.parseInt(f.substring(dash + 1));
                }
            } catch (NumberFormatException e) {
                System.err.println("int2sym: bad field specification '" + fields + "' (expected N, N-M, N- or -M)");
                return 1;
            }
        }
        try {
            SymbolTable table = SymbolTable.read(Paths.get(symtab));
            Writer out = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16);
            if (inputs == null || inputs.isEmpty()) {
                map(new FileInputStream(FileDescriptor.in), "standard input", table, first, last, out);
            } else {
                for (String in : inputs) {
                    try (InputStream s = new FileInputStream(in)) {
                        map(s, in, table, first, last, out);
                    }
                }
            }
            out.flush();
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("int2sym: " + e.getMessage());
            return 1;
        }
    }

    static void map(InputStream in, String name, SymbolTable table, int first, int last, Writer out) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
        String line;
        int lineNo = 0;
        StringBuilder sb = new StringBuilder();
        while ((line = r.readLine()) != null) {
            lineNo++;
            String[] f = line.strip().split("\\s+");
            sb.setLength(0);
            int n = line.isBlank() ? 0 : f.length;
            for (int i = 0; i < n; i++) {
                String tok = f[i];
                int pos = i + 1;
                if (pos >= first && pos <= last) {
                    String sym = null;
                    try {
                        sym = table.symbol(Integer.parseInt(tok));
                    } catch (NumberFormatException e) {
                        // falls through to the error below
                    }
                    if (sym == null) throw new IllegalArgumentException(name + ":" + lineNo + ": undefined symbol " + tok + " (in position " + pos + ")");
                    tok = sym;
                }
                if (i > 0) sb.append(' ');
                sb.append(tok);
            }
            sb.append('\n');
            out.write(sb.toString());
        }
    }
}

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
import moglm.cli.common.MoglmCommand;
import moglm.kaldi.SymbolTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code moglm int2sym}: Kaldi's {@code utils/int2sym.pl}. Replaces integer fields by their
 * symbols; fields outside the {@code -f} range are copied. Like the Perl script, every output
 * field is followed by one space ({@code "utt w1 w2 \n"}), the layout of Kaldi's scoring files. An id missing from the table is an error (exit 1) naming the line.
 * {@link Sym2IntCommand} is the inverse.
 */
@Command(name = "int2sym",
        customSynopsis = "moglm int2sym [-f <field>|<first>-[<last>]] <symtab> [<input>...] > output",
        description = {"Map integer ids to symbols (words) with a symbol table, like Kaldi's utils/int2sym.pl.",
                "Fields are numbered from 1; -f 2- maps every field from the second on (keys stay)."},
        footer = {"moglm lattice-best-path ark:1.lats ark,t:- | moglm int2sym -f 2- data/lang/words.txt"})
public final class Int2SymCommand extends MoglmCommand {
    @Option(names = {"-f", "--field"}, paramLabel = "RANGE", description = "Fields to map: N, N-M, N- or -M (default: all).")
    String fields;

    @Parameters(index = "0", paramLabel = "<symtab>") String symtab;
    @Parameters(index = "1..*", paramLabel = "<input>") List<String> inputs;

    /** Maps one field; throws {@link IllegalArgumentException} with the reason when it cannot. */
    interface FieldMapper {
        String map(String field);
    }

    /** Parses "N", "N-M", "N-" or "-M" into {first, last} (1-based, inclusive). */
    static int[] fieldRange(String spec) {
        if (spec == null) return new int[] {1, Integer.MAX_VALUE};
        int first = 1, last = Integer.MAX_VALUE;
        try {
            String f = spec.strip();
            int dash = f.indexOf('-');
            if (dash < 0) {
                first = last = Integer.parseInt(f);
            } else {
                if (dash > 0) first = Integer.parseInt(f.substring(0, dash));
                if (dash < f.length() - 1) last = Integer.parseInt(f.substring(dash + 1));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad field specification '" + spec + "' (expected N, N-M, N- or -M)");
        }
        return new int[] {first, last};
    }

    @Override protected int run() throws IOException {
        {
            int[] range = fieldRange(fields);
            SymbolTable table = SymbolTable.read(Paths.get(symtab));
            FieldMapper mapper = tok -> {
                String sym = null;
                try {
                    sym = table.symbol(Integer.parseInt(tok));
                } catch (NumberFormatException e) {
                    // reported below
                }
                if (sym == null) throw new IllegalArgumentException("undefined symbol " + tok);
                return sym;
            };
            return mapAll(inputs, mapper, range[0], range[1], true);
        }
    }

    /**
     * Maps standard input or the given files to standard output; returns the exit status.
     * {@code spaceAfterEveryField}: int2sym.pl prints {@code "w "} per field; sym2int.pl joins with spaces.
     */
    static int mapAll(List<String> inputs, FieldMapper mapper, int first, int last, boolean spaceAfterEveryField)
            throws IOException {
        {
            Writer out = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16);
            try {
                if (inputs == null || inputs.isEmpty()) {
                    map(new FileInputStream(FileDescriptor.in), "standard input", mapper, first, last, spaceAfterEveryField, out);
                } else {
                    for (String in : inputs) {
                        try (InputStream s = new FileInputStream(in)) {
                            map(s, in, mapper, first, last, spaceAfterEveryField, out);
                        }
                    }
                }
            } finally {
                out.flush();
            }
            return 0;
        }
    }

    static void map(InputStream in, String name, FieldMapper mapper, int first, int last,
                    boolean spaceAfterEveryField, Writer out) throws IOException {
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
                    try {
                        tok = mapper.map(tok);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(name + ":" + lineNo + ": " + e.getMessage() + " (in position " + pos + ")");
                    }
                }
                if (i > 0 && !spaceAfterEveryField) sb.append(' ');
                sb.append(tok);
                if (spaceAfterEveryField) sb.append(' ');
            }
            sb.append('\n');
            out.write(sb.toString());
        }
    }
}

package moglm.fuzz;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import moglm.kaldi.SymbolTable;
import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.lattice.CompactLatticeHolder;
import moglm.kaldi.lattice.LatticeText;
import moglm.kaldi.ngram.ArpaReader;
import moglm.kaldi.nbest.LinearNbestDir;
import moglm.kaldi.table.KaldiInput;
import moglm.kaldi.table.SequentialTableReader;
import moglm.modelfile.ModelFile;

/**
 * The six parsers that read user files, as fuzz targets: each takes arbitrary bytes and must either
 * succeed or reject them the documented way, an {@link IOException} or
 * {@link IllegalArgumentException} whose message says what is wrong. Anything else (another
 * exception, an error such as {@link OutOfMemoryError}, an empty message) is a finding: it is
 * rethrown, and the fuzzer (Jazzer) saves the input. Bad archive entries are reported through the
 * warning sink and skipped, as the table reader promises; those warnings must have text too.
 *
 * <p>Used three ways: {@link ParserSeedsTest} runs each target on its seed corpus
 * {@code tests/fuzz-seeds/<target>/} in every {@code mvn verify}; {@code @FuzzTest} methods of {@link ParserFuzzing}
 * fuzz with {@code JAZZER_FUZZ=1}; {@code recipes/fuzz/run.sh} fuzzes each target with the Jazzer
 * command line through the {@code *Fuzzer} classes beside this one.
 */
public final class ParserTargets {
    private ParserTargets() {}

    /** The target names, which are also the seed directories under {@code tests/fuzz-seeds/}. */
    public static final String[] NAMES = {"binary-lattice", "text-lattice", "arpa", "words-txt", "model-file", "nbest-dir"};

    private static Path scratch;

    /** A private scratch directory (for parsers that read files), deleted when the JVM exits. */
    static synchronized Path scratch() throws IOException {
        if (scratch == null) {
            Path shm = Path.of("/dev/shm");
            scratch = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "moglm-fuzz")
                    : Files.createTempDirectory("moglm-fuzz");
            Path s = scratch;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (var files = Files.walk(s)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    // best effort
                }
            }));
        }
        return scratch;
    }

    /** Runs the named target on one input. */
    public static void run(String name, byte[] data) {
        switch (name) {
            case "binary-lattice" -> latticeArchive(data);
            case "text-lattice" -> textLattice(data);
            case "arpa" -> arpa(data);
            case "words-txt" -> wordsTxt(data);
            case "model-file" -> modelFile(data);
            case "nbest-dir" -> nbestDir(data);
            default -> throw new IllegalArgumentException("no fuzz target '" + name + "'");
        }
    }

    /** A documented rejection is fine if it explains itself; anything else is a finding. */
    static void rejected(Exception e) {
        String m = e.getMessage();
        if (m == null || m.isBlank() || m.equals("null")) {
            throw new AssertionError("rejection without a message: " + e, e);
        }
    }

    static void warning(String w) {
        if (w == null || w.isBlank()) throw new AssertionError("empty warning");
    }

    /** A Kaldi archive (binary or text entries) read with the lattice holder, every entry visited. */
    public static void latticeArchive(byte[] data) {
        try {
            Path p = scratch().resolve("in.ark");
            Files.write(p, data);
            try (SequentialTableReader<CompactLattice> r = new SequentialTableReader<>("ark:" + p, CompactLatticeHolder.INSTANCE,
                    ParserTargets::warning)) {
                while (r.next()) {
                    CompactLattice l = r.value();
                    if (r.key().isEmpty() || l.numStates() < 0) throw new AssertionError("bad entry passed on");
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            rejected(e);
        }
    }

    /** One text lattice (the lines after a key), as the holder reads it. */
    public static void textLattice(byte[] data) {
        try (KaldiInput in = new KaldiInput(new ByteArrayInputStream(data), "fuzz.txt")) {
            LatticeText.read(in);
        } catch (IOException | IllegalArgumentException e) {
            rejected(e);
        }
    }

    /** An ARPA file (plain or gzip) whose words get ids on first sight. */
    public static void arpa(byte[] data) {
        java.util.Map<String, Integer> ids = new java.util.HashMap<>();
        try {
            ArpaReader.read(new ByteArrayInputStream(data), "fuzz.arpa", w -> ids.size() > 100_000 ? -1
                    : ids.computeIfAbsent(w, k -> ids.size()), new ArpaReader.Options());
        } catch (IOException | IllegalArgumentException e) {
            rejected(e);
        }
    }

    /** A words.txt symbol table. */
    public static void wordsTxt(byte[] data) {
        try {
            SymbolTable t = SymbolTable.read(new ByteArrayInputStream(data), "words.txt");
            for (int id = 0; id < 4; id++) t.symbol(id);
        } catch (IOException | IllegalArgumentException e) {
            rejected(e);
        }
    }

    /**
     * A model file: the fuzzed bytes get the format's magic, end marker and a valid CRC32C, so
     * they reach the section parser and the model loader instead of stopping at the checksum.
     */
    public static void modelFile(byte[] data) {
        try {
            Path p = scratch().resolve("fuzz.mlm");
            Files.write(p, withValidChecksum(data));
            ModelFile.read(p).close();
        } catch (IOException | IllegalArgumentException e) {
            rejected(e);
        }
    }

    /** Bytes with the model file's magic (first 8 bytes), end marker and checksum (last 12) fixed up. */
    public static byte[] withValidChecksum(byte[] data) {
        byte[] magic = "MOGLM\0\r\n".getBytes(StandardCharsets.ISO_8859_1);
        int n = Math.max(data.length, magic.length + 12);
        byte[] b = java.util.Arrays.copyOf(data, n);
        System.arraycopy(magic, 0, b, 0, magic.length);
        b[n - 12] = 'M'; b[n - 11] = 'E'; b[n - 10] = 'N'; b[n - 9] = 'D';
        CRC32C crc = new CRC32C();
        crc.update(b, 0, n - 8);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(n - 8, crc.getValue());
        return b;
    }

    /**
     * An n-best directory. The input holds its files one after another, each introduced by a
     * line {@code --8<-- NAME} (trans, trans.int, lmcost or accost; other names are ignored).
     */
    public static void nbestDir(byte[] data) {
        try {
            Path dir = scratch().resolve("nbest");
            Files.createDirectories(dir);
            for (String f : new String[] {"trans", "trans.int", "lmcost", "accost"}) Files.deleteIfExists(dir.resolve(f));
            String current = null;
            int start = 0;
            for (int p = 0; p <= data.length; p++) {
                boolean mark = p < data.length && (p == 0 || data[p - 1] == '\n') && startsWith(data, p, MARK);
                if (!mark && p < data.length) continue;
                if (current != null) Files.write(dir.resolve(current), java.util.Arrays.copyOfRange(data, start, p));
                if (p == data.length) break;
                int nameStart = p + MARK.length, nameEnd = nameStart;
                while (nameEnd < data.length && data[nameEnd] != '\n') nameEnd++;
                String name = new String(data, nameStart, nameEnd - nameStart, StandardCharsets.ISO_8859_1);
                current = switch (name) {
                    case "trans", "trans.int", "lmcost", "accost" -> name;
                    default -> null;
                };
                start = Math.min(nameEnd + 1, data.length);
                p = nameEnd;
            }
            LinearNbestDir.Result r = LinearNbestDir.read(dir);
            for (String e : r.errors()) warning(e);
        } catch (IOException | IllegalArgumentException e) {
            rejected(e);
        }
    }

    private static final byte[] MARK = "--8<-- ".getBytes(StandardCharsets.ISO_8859_1);

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (at + prefix.length > b.length) return false;
        for (int i = 0; i < prefix.length; i++) if (b[at + i] != prefix[i]) return false;
        return true;
    }
}

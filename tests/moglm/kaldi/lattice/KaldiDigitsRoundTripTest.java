package moglm.kaldi.lattice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import moglm.kaldi.table.SequentialTableReader;
import moglm.kaldi.table.TableWriter;
import moglm.testutil.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every real Kaldi lattice archive in kaldi-digits is read and written back byte for byte. */
class KaldiDigitsRoundTripTest {
    @TempDir Path tmp;

    static List<Path> digitLatticeArchives() throws IOException {
        Path exp = SharedData.require("kaldi-digits/exp");
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(exp)) {
            s.filter(p -> p.getFileName().toString().equals("lat.1.gz")).sorted().forEach(out::add);
        }
        return out;
    }

    static byte[] gunzip(Path p) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            return in.readAllBytes();
        }
    }

    @Test void binaryArchivesRoundTripByteForByte() throws IOException {
        List<Path> archives = digitLatticeArchives();
        assertEquals(6, archives.size(), "expected the six decode dirs of kaldi-digits");
        int lattices = 0;
        for (Path gz : archives) {
            Path out = tmp.resolve("copy.ark");
            List<String> warnings = new ArrayList<>();
            try (SequentialTableReader<CompactLattice> r = new SequentialTableReader<>("ark:" + gz, CompactLatticeHolder.INSTANCE, warnings::add);
                 TableWriter<CompactLattice> w = new TableWriter<>("ark:" + out, CompactLatticeHolder.INSTANCE)) {
                while (r.next()) {
                    w.write(r.key(), r.value());
                    lattices++;
                }
                assertEquals(0, r.failed(), () -> gz + ": " + warnings);
            }
            assertTrue(warnings.isEmpty(), warnings::toString);
            assertArrayEquals(gunzip(gz), Files.readAllBytes(out), gz + " not reproduced byte for byte");
        }
        assertTrue(lattices >= 6 * 40, "read " + lattices + " lattices");
    }
}

package moglm.kaldi.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.lattice.CompactLatticeHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 #6, #14, #15: archive keys with control characters or a BOM; a missing blank line. */
class KeyRobustnessTest {
    @TempDir Path tmp;

    record Outcome(List<String> keys, List<String> warnings, int failed) {}

    Outcome read(String archive) throws IOException {
        Path p = tmp.resolve("in.ark");
        Files.write(p, archive.getBytes(StandardCharsets.UTF_8));
        List<String> keys = new ArrayList<>(), warn = new ArrayList<>();
        try (SequentialTableReader<CompactLattice> r = new SequentialTableReader<>("ark,t:" + p, CompactLatticeHolder.INSTANCE, warn::add)) {
            while (r.next()) keys.add(r.key());
            return new Outcome(keys, warn, r.failed());
        }
    }

    static final String LAT = "0 1 5 1.5,10,\n1 0,0,\n\n";

    @Test void controlCharacterKeyIsSkippedAndShown() throws IOException {
        Outcome o = read("a\u0001b\n" + LAT + "good\n" + LAT);
        assertEquals(List.of("good"), o.keys());
        assertEquals(1, o.failed());
        assertTrue(o.warnings().get(0).contains("invalid key 'a\\u0001b'") && o.warnings().get(0).contains("U+0001"), o.warnings().toString());
    }

    @Test void writerMessageShowsTheCharacter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KaldiKeys.check("x\u001by"));
        assertTrue(e.getMessage().contains("'x\\u001By'") && e.getMessage().contains("character 2 is U+001B"), e.getMessage());
    }

    @Test void bomBeforeTheFirstKeyIsDropped() throws IOException {
        Outcome o = read("\uFEFFutt1\n" + LAT + "utt2\n" + LAT);
        assertEquals(List.of("utt1", "utt2"), o.keys());
        assertEquals(0, o.failed());
    }

    @Test void missingBlankLineCountsBothLostEntries() throws IOException {
        // utt2's key follows utt1's lattice without the blank line: utt1 and utt2 are lost, utt3 is read
        Outcome o = read("utt1\n0 1 5 1.5,10,\n1 0,0,\nutt2\n" + LAT + "utt3\n" + LAT);
        assertEquals(List.of("utt3"), o.keys());
        assertEquals(2, o.failed());
        assertTrue(o.warnings().get(0).contains("blank line that ends a text lattice is missing")
                && o.warnings().get(0).contains("'utt2' are both skipped"), o.warnings().toString());
    }
}

package moglm.kaldi.lattice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import moglm.kaldi.table.SequentialTableReader;
import moglm.kaldi.table.TableWriter;
import moglm.testutil.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LJSpeech dev lattices: the binary archives and their text twins parse to identical lattices,
 * and text -> binary -> text reproduces the given text archives byte for byte (with Kaldi's
 * {@code "key \n"} key line; the given files have {@code "key\n"}).
 */
class LjspeechTextBinaryTest {
    @TempDir Path tmp;

    static Map<String, CompactLattice> readAll(String rspec) throws IOException {
        Map<String, CompactLattice> m = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        try (SequentialTableReader<CompactLattice> r = new SequentialTableReader<>(rspec, CompactLatticeHolder.INSTANCE, warnings::add)) {
            while (r.next()) m.put(r.key(), r.value());
            assertEquals(0, r.failed(), warnings::toString);
        }
        return m;
    }

    @Test void binaryAndTextArchivesAreTheSameLattices() throws IOException {
        Path dir = SharedData.require("ljspeech-asr");
        int total = 0, arcs = 0, states = 0;
        for (int job = 1; job <= 2; job++) {
            Map<String, CompactLattice> bin = readAll("ark:gunzip -c " + dir.resolve("decode_dev/lat." + job + ".gz") + "|");
            Map<String, CompactLattice> txt = readAll("ark:" + dir.resolve("decode_dev_text/lat." + job + ".gz"));
            assertEquals(bin.keySet(), txt.keySet());
            for (String k : bin.keySet()) {
                assertTrue(bin.get(k).sameAs(txt.get(k)), "lattice " + k + " differs between binary and text");
                arcs += bin.get(k).numArcs();
                states += bin.get(k).numStates();
            }
            total += bin.size();
        }
        assertEquals(185, total);
        assertEquals(85166, states);
        assertEquals(184279, arcs);
    }

    @Test void textToBinaryToTextIsExact() throws IOException {
        Path dir = SharedData.require("ljspeech-asr");
        for (int job = 1; job <= 2; job++) {
            Path given = dir.resolve("decode_dev_text/lat." + job + ".gz");
            Path bin = tmp.resolve("lat.bin.ark"), txt = tmp.resolve("lat.txt.ark");
            copy("ark:" + given, "ark:" + bin);
            copy("ark:" + bin, "ark,t:" + txt);
            String expected;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(given))) {
                expected = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
            String ours = Files.readString(tmp.resolve("lat.txt.ark"), StandardCharsets.US_ASCII);
            assertFalse(expected.contains(" \n"));
            // Kaldi writes "key \n" (key, space, then the lattice's leading newline)
            String kaldiLayout = expected.replaceAll("(?m)^(LJ\\S+)\n", "$1 \n");
            assertEquals(kaldiLayout.length(), ours.length());
            assertTrue(kaldiLayout.equals(ours), "text archive " + job + " not reproduced byte for byte");
        }
    }

    static void copy(String rspec, String wspec) throws IOException {
        try (SequentialTableReader<CompactLattice> r = new SequentialTableReader<>(rspec, CompactLatticeHolder.INSTANCE, System.err::println);
             TableWriter<CompactLattice> w = new TableWriter<>(wspec, CompactLatticeHolder.INSTANCE)) {
            while (r.next()) w.write(r.key(), r.value());
        }
    }

    static byte[] bytes(CompactLattice lat, boolean binary) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        CompactLatticeHolder.INSTANCE.write(bos, binary, lat);
        return bos.toByteArray();
    }
}

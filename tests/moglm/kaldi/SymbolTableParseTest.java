package moglm.kaldi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SymbolTable#parse} (byte-level field splitting, decoder only for non-ASCII fields)
 * against a plain reference written the obvious way (decode each line, split it with the regex
 * {@code [ \t]+}): on thousands of random tables built from awkward pieces (tabs, runs of blanks,
 * CR, blank lines, non-ASCII words, broken UTF-8, signs and Unicode digits in ids, duplicates,
 * missing or extra fields) both give the same table or the same error message.
 */
class SymbolTableParseTest {

    /** The reference: what the reader did before the byte-level split. */
    static Map<String, Integer> reference(byte[] bytes, String name) throws IOException {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        Map<String, Integer> idOf = new HashMap<>();
        Map<Integer, String> symbolOf = new HashMap<>();
        int lineNo = 0, pos = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) pos = 3;
        while (pos < bytes.length) {
            int end = pos;
            while (end < bytes.length && bytes[end] != '\n') end++;
            lineNo++;
            int lineEnd = end;
            if (lineEnd > pos && bytes[lineEnd - 1] == '\r') lineEnd--;
            String line;
            try {
                line = dec.decode(ByteBuffer.wrap(bytes, pos, lineEnd - pos)).toString();
            } catch (CharacterCodingException e) {
                throw new IOException(name + ":" + lineNo + ": symbol table line is not valid UTF-8");
            }
            pos = end + 1;
            String[] f = Arrays.stream(line.split("[ \t]+")).filter(x -> !x.isEmpty()).toArray(String[]::new);
            if (f.length == 0) continue;
            if (f.length != 2) {
                String ab = line.length() <= 80 ? line : line.substring(0, 77) + "...";
                throw new IOException(name + ":" + lineNo + ": expected 'symbol id', got " + f.length + " fields: '" + ab + "'");
            }
            int id;
            try {
                id = Integer.parseInt(f[1]);
            } catch (NumberFormatException e) {
                String ab = f[1].length() <= 80 ? f[1] : f[1].substring(0, 77) + "...";
                throw new IOException(name + ":" + lineNo + ": id is not an integer: '" + ab + "'");
            }
            if (id < 0) throw new IOException(name + ":" + lineNo + ": negative id " + id + " for symbol '" + f[0] + "'");
            Integer old = idOf.putIfAbsent(f[0], id);
            if (old != null) throw new IOException(name + ":" + lineNo + ": duplicate symbol '" + f[0] + "' (ids " + old + " and " + id + ")");
            String other = symbolOf.putIfAbsent(id, f[0]);
            if (other != null) throw new IOException(name + ":" + lineNo + ": duplicate id " + id + " (symbols '" + other + "' and '" + f[0] + "')");
        }
        return idOf;
    }

    private static final String[] WORDS = {"a", "the", "zoology", "<unk>", "#0", "é", "naïve", "日本", "x\u00a0y", "a\u000bb", "<s>"};
    private static final String[] IDS = {"0", "1", "2", "7", "+3", "-1", "0x1", "٣", "99999999999", "12", "3", "2147483647", "16777300", "5000", "1100"};
    private static final byte[][] BROKEN = {{(byte) 0xC3}, {(byte) 0xE6, (byte) 0x97}, {(byte) 0xFF}, {(byte) 0xC3, ' '}};
    private static final String[] GAPS = {" ", "\t", "  ", " \t ", "\t\t"};

    static byte[] randomTable(SplittableRandom r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (r.nextInt(20) == 0) out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        int lines = 1 + r.nextInt(12);
        for (int l = 0; l < lines; l++) {
            int kind = r.nextInt(30);
            if (kind == 0) {
                out.writeBytes(GAPS[r.nextInt(GAPS.length)].getBytes(StandardCharsets.UTF_8));   // blank line
            } else {
                if (r.nextInt(6) == 0) out.writeBytes(GAPS[r.nextInt(GAPS.length)].getBytes(StandardCharsets.UTF_8));
                int fields = kind == 1 ? 1 : kind == 2 ? 3 : kind == 3 ? 6 : 2;
                for (int f = 0; f < fields; f++) {
                    if (f > 0) out.writeBytes(GAPS[r.nextInt(GAPS.length)].getBytes(StandardCharsets.UTF_8));
                    String s = f == 1 && r.nextInt(4) != 0 ? (r.nextInt(3) == 0 ? IDS[r.nextInt(IDS.length)] : Integer.toString(r.nextInt(40)))
                            : WORDS[r.nextInt(WORDS.length)] + (r.nextBoolean() ? "" : Integer.toString(r.nextInt(50)));
                    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
                    if (r.nextInt(60) == 0) out.writeBytes(BROKEN[r.nextInt(BROKEN.length)]);
                }
                if (r.nextInt(8) == 0) out.writeBytes(GAPS[r.nextInt(GAPS.length)].getBytes(StandardCharsets.UTF_8));
            }
            if (r.nextInt(10) == 0) out.write('\r');
            if (l < lines - 1 || r.nextBoolean()) out.write('\n');
        }
        return out.toByteArray();
    }

    @Test void theFastParserAgreesWithThePlainReferenceOnRandomTables() {
        SplittableRandom r = new SplittableRandom(12);
        int ok = 0, failed = 0;
        for (int t = 0; t < 20000; t++) {
            byte[] b = randomTable(r);
            String want, got;
            try {
                want = new java.util.TreeMap<>(reference(b, "w.txt")).toString();
            } catch (IOException e) {
                want = "error: " + e.getMessage();
            }
            try {
                SymbolTable s = SymbolTable.parse(b, "w.txt");
                Map<String, Integer> m = new java.util.TreeMap<>();
                for (int id : s.ids()) m.put(s.symbol(id), id);
                got = m.toString();
                // and the other way round: every symbol's id by its String
                for (Map.Entry<String, Integer> e : m.entrySet()) assertEquals(e.getValue(), s.id(e.getKey()), e.getKey());
            } catch (IOException e) {
                got = "error: " + e.getMessage();
            }
            assertEquals(want, got, "table " + t + ": " + new String(b, StandardCharsets.ISO_8859_1));
            if (want.startsWith("error")) failed++; else ok++;
        }
        assertTrue(ok > 1000 && failed > 1000, ok + " tables read, " + failed + " refused: both cases must be exercised");
    }
}

package moglm.kaldi.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import moglm.testutil.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole of steps/score_kaldi.sh on Kaldi's own kaldi-digits decode dirs: starting from only
 * data/test/{text,utt2spk}, data/lang/words.txt and lat.1.gz, every file Kaldi's scoring wrote
 * (wer_LMWT_WIP, scoring_kaldi/test_filt.txt, penalty_WIP/LMWT.txt, best_wer, wer_details/*) is
 * reproduced byte for byte.
 */
class ScoreKaldiTest {
    @TempDir Path work;

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }

    static TreeSet<String> files(Path dir) throws IOException {
        TreeSet<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> out.add(dir.relativize(p).toString()));
        }
        return out;
    }

    @Test void reproducesEveryScoringFileOfEveryDecodeDir() throws IOException {
        Path root = SharedData.require("kaldi-digits");
        copy(root.resolve("data/test/text"), work.resolve("data/test/text"));
        copy(root.resolve("data/test/utt2spk"), work.resolve("data/test/utt2spk"));
        copy(root.resolve("data/lang/words.txt"), work.resolve("data/lang/words.txt"));
        int dirs = 0, compared = 0;
        for (Path kaldiDir : KaldiDigitsWerTest.decodeDirs(root)) {
            String rel = root.relativize(kaldiDir).toString();           // e.g. exp/tri3/decode_test
            Path ours = work.resolve(rel);
            copy(kaldiDir.resolve("lat.1.gz"), ours.resolve("lat.1.gz"));
            copy(kaldiDir.resolve("num_jobs"), ours.resolve("num_jobs"));
            List<String> log = new ArrayList<>();
            ScoreKaldi.Outcome r = ScoreKaldi.run(work, "data/test", "data/lang", rel, new ScoreKaldi.Options(), log::add);
            assertEquals(40, r.lattices());
            assertEquals(0, r.noPath() + r.badLattices());
            assertEquals(files(kaldiDir), files(ours), rel);
            for (String f : files(kaldiDir)) {
                assertArrayEquals(Files.readAllBytes(kaldiDir.resolve(f)), Files.readAllBytes(ours.resolve(f)), rel + "/" + f);
                compared++;
            }
            assertEquals(Files.readString(kaldiDir.resolve("scoring_kaldi/best_wer")).trim(), r.bestWer());
            dirs++;
        }
        assertEquals(6, dirs);
        assertEquals(6 * (33 + 2 + 33 + 1 + 1 + 6), compared); // wer files, lat+num_jobs, hyps, test_filt, best_wer, details
    }

    @Test void filtersStageOneAndMissingInputs() throws IOException {
        Path root = SharedData.require("kaldi-digits");
        copy(root.resolve("data/test/text"), work.resolve("d/text"));
        copy(root.resolve("data/lang/words.txt"), work.resolve("lang/words.txt"));
        copy(root.resolve("exp/tri3/decode_test/lat.1.gz"), work.resolve("dec/lat.1.gz"));
        Files.writeString(work.resolve("dec/wer_9"), "old-style file score_kaldi.sh removes\n");
        ScoreKaldi.Options o = new ScoreKaldi.Options();
        o.minLmwt = 9;
        o.maxLmwt = 10;
        o.wordInsPenalties = List.of("0.0");
        o.hypFilterCmd = "sed 's/ZERO/OH/g'";
        o.refFilterCmd = "sed 's/ZERO/OH/g'";
        List<String> log = new ArrayList<>();
        ScoreKaldi.Outcome r = ScoreKaldi.run(work, "d", "lang", "dec", o, log::add);
        assertTrue(Files.readString(work.resolve("dec/scoring_kaldi/test_filt.txt")).contains("OH"));
        assertFalse(Files.readString(work.resolve("dec/scoring_kaldi/penalty_0.0/9.txt")).contains("ZERO"));
        assertFalse(Files.exists(work.resolve("dec/wer_9")));
        assertFalse(Files.exists(work.resolve("dec/scoring_kaldi/wer_details/per_spk"))); // no utt2spk
        assertTrue(log.stream().anyMatch(l -> l.contains("utt2spk")));
        // the same WER as without filters (ZERO->OH on both sides)
        String plain = Files.readString(root.resolve("exp/tri3/decode_test/wer_9_0.0"));
        assertEquals(plain.substring(plain.indexOf('%')), Files.readString(work.resolve("dec/wer_9_0.0")).substring(
                Files.readString(work.resolve("dec/wer_9_0.0")).indexOf('%')));
        // stage 1 recomputes best_wer from the wer files only
        Files.delete(work.resolve("dec/scoring_kaldi/best_wer"));
        o.stage = 1;
        assertEquals(r.bestWer(), ScoreKaldi.run(work, "d", "lang", "dec", o, log::add).bestWer());
        IOException e = assertThrows(IOException.class, () -> ScoreKaldi.run(work, "d", "nolang", "dec", o, log::add));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
        assertTrue(e.getMessage().contains("nolang"), e.getMessage());
    }

    /** The bundled LJSpeech lattices as a decode dir "dec" with data "d" and lang "lang"; one LMWT and WIP. */
    private ScoreKaldi.Options bundled() throws IOException {
        Path bundle = Path.of("lattices/ljspeech-dev20").toAbsolutePath();
        copy(bundle.resolve("text"), work.resolve("d/text"));
        copy(bundle.resolve("words.txt"), work.resolve("lang/words.txt"));
        copy(bundle.resolve("lat.1.gz"), work.resolve("dec/lat.1.gz"));
        ScoreKaldi.Options o = new ScoreKaldi.Options();
        o.minLmwt = 10;
        o.maxLmwt = 10;
        o.wordInsPenalties = List.of("0.0");
        return o;
    }

    /** {@code file} with {@code line} (1-based) ending in "caf" + Latin-1 e-acute (not UTF-8). */
    private static void latin1(Path file, int line) throws IOException {
        List<String> lines = Files.readAllLines(file);
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < lines.size(); i++) {
            all.writeBytes(lines.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (i == line - 1) {
                all.writeBytes(" caf".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                all.write(0xE9);
            }
            all.write('\n');
        }
        Files.write(file, all.toByteArray());
    }

    @Test void textThatIsNotUtf8IsAnErrorNamingFileAndLine() throws IOException {
        ScoreKaldi.Options o = bundled();
        List<String> log = new ArrayList<>();
        String best = ScoreKaldi.run(work, "d", "lang", "dec", o, log::add).bestWer();
        assertTrue(best.startsWith("%WER "), best);

        // the reference: before, it was decoded into U+FFFD and scored as a wrong word
        latin1(work.resolve("d/text"), 3);
        IOException e = assertThrows(IOException.class, () -> ScoreKaldi.run(work, "d", "lang", "dec", o, log::add));
        assertTrue(e.getMessage().startsWith(work.resolve("d/text") + ":3: not valid UTF-8"), e.getMessage());
        Files.copy(Path.of("lattices/ljspeech-dev20/text"), work.resolve("d/text"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        // what a reference filter outputs
        o.refFilterCmd = "cat; printf 'LJ999-0001 caf\\351\\n'";
        e = assertThrows(IOException.class, () -> ScoreKaldi.run(work, "d", "lang", "dec", o, log::add));
        assertTrue(e.getMessage().startsWith("the output of the reference filter '" + o.refFilterCmd + "' on "
                + work.resolve("d/text") + ":21: not valid UTF-8"), e.getMessage());
        o.refFilterCmd = null;

        // utt2spk (wer_details/per_spk)
        Files.writeString(work.resolve("d/utt2spk"), "LJ001-0001 LJ\n");
        latin1(work.resolve("d/utt2spk"), 1);
        e = assertThrows(IOException.class, () -> ScoreKaldi.run(work, "d", "lang", "dec", o, log::add));
        assertTrue(e.getMessage().startsWith(work.resolve("d/utt2spk") + ":1: not valid UTF-8"), e.getMessage());
        Files.delete(work.resolve("d/utt2spk"));

        // stage 1 reads the hypotheses of the best LMWT and WIP back
        Path hyp = work.resolve("dec/scoring_kaldi/penalty_0.0/10.txt");
        latin1(hyp, 2);
        o.stage = 1;
        e = assertThrows(IOException.class, () -> ScoreKaldi.run(work, "d", "lang", "dec", o, log::add));
        assertTrue(e.getMessage().startsWith(hyp + ":2: not valid UTF-8"), e.getMessage());
    }
}

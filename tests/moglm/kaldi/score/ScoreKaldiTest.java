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
}

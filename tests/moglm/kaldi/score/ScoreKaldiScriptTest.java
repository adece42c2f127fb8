package moglm.kaldi.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import moglm.testutil.SharedData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * recipes/kaldi/score_kaldi.sh, the bash drop-in, run with Kaldi's argument order on one
 * kaldi-digits decode dir (with MOGLM pointing at this build), reproduces every scoring file.
 */
class ScoreKaldiScriptTest {
    @TempDir Path work;

    @Test void dropInScriptReproducesKaldi() throws IOException, InterruptedException {
        Path root = SharedData.require("kaldi-digits");
        Path repo = Paths.get("").toAbsolutePath();
        Path cpFile = repo.resolve("target/test-classpath.txt");
        Assumptions.assumeTrue(Files.exists(cpFile), "skipped: target/test-classpath.txt not generated");
        Path wrapper = work.resolve("moglm");
        Files.writeString(wrapper, "#!/bin/sh\nexec '" + Paths.get(System.getProperty("java.home"), "bin", "java")
                + "' -cp '" + repo.resolve("target/classes") + ":" + Files.readString(cpFile).trim()
                + "' moglm.cli.Main \"$@\"\n");
        wrapper.toFile().setExecutable(true);
        String rel = "exp/tri2b/decode";
        Path kaldiDir = root.resolve(rel);
        for (String f : new String[] {"data/test/text", "data/test/utt2spk", "data/lang/words.txt", rel + "/lat.1.gz", rel + "/num_jobs"}) {
            Files.createDirectories(work.resolve(f).getParent());
            Files.copy(root.resolve(f), work.resolve(f));
        }
        ProcessBuilder pb = new ProcessBuilder(repo.resolve("recipes/kaldi/score_kaldi.sh").toString(),
                "--cmd", "run.pl", "--min_lmwt", "7", "--max-lmwt=17", "data/test", "data/lang", rel)
                .directory(work.toFile()).redirectErrorStream(true);
        pb.environment().put("MOGLM", wrapper.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        assertEquals(ScoreKaldiTest.files(kaldiDir), ScoreKaldiTest.files(work.resolve(rel)));
        for (String f : ScoreKaldiTest.files(kaldiDir)) {
            assertArrayEquals(Files.readAllBytes(kaldiDir.resolve(f)), Files.readAllBytes(work.resolve(rel).resolve(f)), f);
        }
        List<String> lines = out.lines().toList();
        assertEquals(Files.readString(kaldiDir.resolve("scoring_kaldi/best_wer")).trim(),
                lines.stream().filter(l -> l.startsWith("%WER")).findFirst().orElse(""));
    }
}

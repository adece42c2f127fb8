package moglm.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The parser fuzz targets ({@link ParserTargets}) as regression tests: in every {@code mvn verify}
 * each target runs on every file of its seed corpus {@code tests/fuzz-seeds/<target>/} (small
 * hand-made and LJSpeech-derived files, plus any finding saved there as a regression input).
 * Plain JUnit, no fuzzing agent: it takes seconds. Fuzzing: {@link ParserFuzzing},
 * {@code recipes/fuzz/run.sh}.
 */
class ParserSeedsTest {
    static final Path SEEDS = Path.of("tests/fuzz-seeds");

    @TestFactory Stream<DynamicTest> seeds() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String target : ParserTargets.NAMES) {
            Path dir = SEEDS.resolve(target);
            assertTrue(Files.isDirectory(dir), "missing seed corpus " + dir);
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            assertTrue(files.size() >= 2, "seed corpus " + dir + " has fewer than 2 files");
            for (Path f : files) {
                byte[] data = Files.readAllBytes(f);
                tests.add(DynamicTest.dynamicTest(target + "/" + f.getFileName(), () -> ParserTargets.run(target, data)));
            }
        }
        return tests.stream();
    }
}

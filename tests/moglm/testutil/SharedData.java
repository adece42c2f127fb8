package moglm.testutil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the real data sets in {@code ../shared/data} (or {@code $MOGLM_SHARED/data}, or the
 * system property {@code moglm.shared}). Tests that need them call {@link #require(String)}, which
 * SKIPS the test with a message when the data is absent, so the suite also passes on a machine
 * without it.
 */
public final class SharedData {
    private SharedData() {}

    /** The shared directory, whether or not it exists. */
    public static Path root() {
        String p = System.getProperty("moglm.shared");
        if (p == null || p.isEmpty()) p = System.getenv("MOGLM_SHARED");
        if (p == null || p.isEmpty()) p = "../shared";
        return Paths.get(p).toAbsolutePath().normalize();
    }

    /** {@code root()/data/<relative>}, skipping the calling test when it does not exist. */
    public static Path require(String relative) {
        Path path = root().resolve("data").resolve(relative);
        Assumptions.assumeTrue(Files.exists(path),
                () -> "skipped: real data not found at " + path + " (put ../shared beside the checkout or set MOGLM_SHARED)");
        return path;
    }
}

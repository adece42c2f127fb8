package moglm.util;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/**
 * Names and clean-up of the hidden temporary files and directories that {@link AtomicFile} and
 * {@link AtomicDirectory} write beside their target: {@code .NAME.PID.RANDOM<suffix>}, where PID
 * is the writing process. A writer killed by {@code kill -9} cannot delete its temporary; the next
 * writer of the same target deletes every one whose process no longer exists. Temporaries of a
 * live process (a concurrent writer) are left alone; so is anything not following the pattern,
 * except the pre-PID form {@code .NAME.RANDOM.tmp} once it is older than a day.
 */
final class StaleTemps {
    private StaleTemps() {}

    private static final long PID = ProcessHandle.current().pid();

    /** The prefix of this process's temporaries for a target named {@code name}. */
    static String prefix(String name) {
        return "." + name + "." + PID + ".";
    }

    /** Deletes the temporaries ending in {@code suffix} of target {@code name} in {@code dir} whose writer is gone. */
    static void clean(Path dir, String name, String suffix) {
        String start = "." + name + ".";
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p -> {
            String f = p.getFileName().toString();
            return f.startsWith(start) && f.endsWith(suffix) && f.length() > start.length() + suffix.length();
        })) {
            for (Path p : ds) {
                String f = p.getFileName().toString();
                String middle = f.substring(start.length(), f.length() - suffix.length());
                if (stale(p, middle)) deleteRecursively(p);
            }
        } catch (IOException | RuntimeException e) {
            // clean-up is best effort: a failure here must not stop the write
        }
    }

    private static boolean stale(Path p, String middle) throws IOException {
        int dot = middle.indexOf('.');
        if (dot < 0) {
            // pre-PID form .NAME.RANDOM.tmp: only when old
            if (!middle.chars().allMatch(Character::isDigit)) return false;
            FileTime t = Files.getLastModifiedTime(p);
            return t.toInstant().isBefore(Instant.now().minus(Duration.ofDays(1)));
        }
        String pid = middle.substring(0, dot), rest = middle.substring(dot + 1);
        if (pid.isEmpty() || pid.length() > 18 || !pid.chars().allMatch(Character::isDigit)) return false;
        if (rest.isEmpty() || !rest.chars().allMatch(Character::isDigit)) return false;
        long id = Long.parseLong(pid);
        if (id == PID) return false;
        return ProcessHandle.of(id).map(h -> !h.isAlive()).orElse(true);
    }

    /** Deletes a file or a directory tree (symbolic links are deleted, not followed). */
    static void deleteRecursively(Path p) throws IOException {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                for (Path c : ds) deleteRecursively(c);
            }
        }
        Files.deleteIfExists(p);
    }
}

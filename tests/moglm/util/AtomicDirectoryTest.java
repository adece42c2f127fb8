package moglm.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 #3/#15: directories are replaced as a whole; temporaries of dead writers are cleaned. */
class AtomicDirectoryTest {
    @TempDir Path tmp;

    static void put(Path p, String s) throws IOException {
        AtomicFile.write(p, s.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The PID of a process that has exited. */
    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test void replacesTheWholeDirectory() throws IOException {
        Path out = tmp.resolve("nbest_out");
        Files.createDirectories(out);
        put(out.resolve("text"), "old");
        put(out.resolve("lmcost"), "old");
        try (AtomicDirectory.Writer w = AtomicDirectory.create(out)) {
            put(w.path().resolve("lmcost"), "new");
            // not committed yet: readers see the old directory only
            assertEquals("old", Files.readString(out.resolve("lmcost")));
            w.commit();
        }
        assertEquals(List.of("lmcost"), listing(out));          // the old 'text' did not survive beside the new lmcost
        assertEquals("new", Files.readString(out.resolve("lmcost")));
        assertEquals(List.of("nbest_out"), listing(tmp));        // no temporaries left
    }

    @Test void anAbandonedWriterLeavesTheOldDirectory() throws IOException {
        Path out = tmp.resolve("o");
        Files.createDirectories(out);
        put(out.resolve("text"), "old");
        try (AtomicDirectory.Writer w = AtomicDirectory.create(out)) {
            put(w.path().resolve("text"), "half");
            // an exception here: no commit
        }
        assertEquals("old", Files.readString(out.resolve("text")));
        assertEquals(List.of("o"), listing(tmp));
    }

    @Test void temporariesOfDeadWritersAreDeletedLiveOnesKept() throws Exception {
        long dead = deadPid(), alive = ProcessHandle.current().parent().map(ProcessHandle::pid).orElseThrow();
        Path out = tmp.resolve("lat.ark");
        Files.writeString(tmp.resolve(".lat.ark." + dead + ".123.tmp"), "killed writer");
        Files.writeString(tmp.resolve(".lat.ark." + alive + ".456.tmp"), "concurrent writer");
        Files.writeString(tmp.resolve(".other." + dead + ".1.tmp"), "another target");
        Files.createDirectories(tmp.resolve(".d." + dead + ".9.tmpdir").resolve("sub"));
        put(out, "x");
        try (AtomicDirectory.Writer w = AtomicDirectory.create(tmp.resolve("d"))) {
            w.commit();
        }
        List<String> l = listing(tmp);
        assertFalse(l.contains(".lat.ark." + dead + ".123.tmp"), l.toString());
        assertTrue(l.contains(".lat.ark." + alive + ".456.tmp"), l.toString());
        assertTrue(l.contains(".other." + dead + ".1.tmp"), l.toString());
        assertFalse(l.contains(".d." + dead + ".9.tmpdir"), l.toString());
    }
}

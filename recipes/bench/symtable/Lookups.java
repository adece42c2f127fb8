import java.lang.management.*;
import java.nio.file.*;
import moglm.model.Vocabulary;
import moglm.train.Corpus;
import moglm.train.TextFormat;

/** Corpus.read of a text with a words.txt (every token looked up by String): this thread's CPU per read. */
public class Lookups {
    public static void main(String[] a) throws Exception {
        ThreadMXBean tm = ManagementFactory.getThreadMXBean();
        Vocabulary v = Vocabulary.readKaldi(Path.of(a[0]), "<unk>");
        Path text = Path.of(a[1]);
        int reps = Integer.parseInt(a[2]);
        StringBuilder sb = new StringBuilder();
        long words = 0, oov = 0;
        for (int r = 0; r < reps; r++) {
            long t0 = tm.getCurrentThreadCpuTime();
            Corpus c = Corpus.read(text, v, TextFormat.PLAIN);
            long t = tm.getCurrentThreadCpuTime() - t0;
            words = c.words(); oov = c.oovCount();
            sb.append(String.format(" %.0f", t / 1e6));
        }
        System.out.printf("V=%d %s: %d words, %d OOV; Corpus.read ms (thread CPU), reads 1..%d:%s%n", v.size(), text.getFileName(), words, oov, reps, sb);
    }
}

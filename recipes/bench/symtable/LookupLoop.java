import java.lang.management.*;
import java.nio.file.*;
import java.util.*;
import moglm.model.Vocabulary;

/** Vocabulary.modelIndex of every token of a text (fresh Strings, as Corpus.read makes them): ns per lookup, by pass. */
public class LookupLoop {
    public static void main(String[] a) throws Exception {
        ThreadMXBean tm = ManagementFactory.getThreadMXBean();
        Vocabulary v = Vocabulary.readKaldi(Path.of(a[0]), "<unk>");
        List<String> toks = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(a[1]))) for (String t : line.split(" ")) if (!t.isEmpty()) toks.add(new String(t.toCharArray()));
        String[] tk = toks.toArray(new String[0]);
        int passes = Integer.parseInt(a[2]);
        StringBuilder sb = new StringBuilder();
        long sum = 0;
        for (int p = 0; p < passes; p++) {
            String[] fresh = new String[tk.length];   // new Strings (no cached hash), as every read of a text makes
            for (int i = 0; i < tk.length; i++) fresh[i] = new String(tk[i].toCharArray());
            System.gc();
            long t0 = tm.getCurrentThreadCpuTime();
            for (String t : fresh) sum += v.modelIndex(t);
            sb.append(String.format(" %.1f", (tm.getCurrentThreadCpuTime() - t0) / (double) tk.length));
        }
        System.out.printf("V=%d: %d tokens, ns per lookup by pass:%s (%d)%n", v.size(), tk.length, sb, sum);
    }
}

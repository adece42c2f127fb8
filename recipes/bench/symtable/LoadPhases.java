import java.lang.management.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import moglm.kaldi.SymbolTable;
import moglm.model.Vocabulary;
import moglm.modelfile.SectionFile;

/**
 * Cold phases of loading a model's vocabulary in a fresh JVM: process CPU (sum of
 * /proc/self/task/*&#47;schedstat, every thread: JIT, GC), this thread's CPU, wall, GC count.
 * mode real: SectionFile.read, the vocabulary as ModelFile.load builds it; mode split: SectionFile.read,
 * getBytes, SymbolTable.parse, Vocabulary constructor; mode model: SectionFile.read, ModelFile.load (the
 * vocabulary, the tensors' checks and copies into native memory).
 */
public class LoadPhases {
    static ThreadMXBean tm = ManagementFactory.getThreadMXBean();
    static long p0, t0, w0;
    static long procNs() {
        long s = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : ds) {
                try { s += Long.parseLong(Files.readString(t.resolve("schedstat")).split(" ")[0]); } catch (Exception e) { }
            }
        } catch (Exception e) { throw new RuntimeException(e); }
        return s;
    }
    static void start() { p0 = procNs(); t0 = tm.getCurrentThreadCpuTime(); w0 = System.nanoTime(); }
    static void stop(String what) {
        long t = tm.getCurrentThreadCpuTime() - t0, w = System.nanoTime() - w0, p = procNs() - p0;
        long gcn = 0, gct = 0;
        for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) { gcn += g.getCollectionCount(); gct += g.getCollectionTime(); }
        System.out.printf("%-22s proc %6.1f  thread %6.1f  wall %6.1f ms  gc(total) %d %d ms%n", what, p / 1e6, t / 1e6, w / 1e6, gcn, gct);
    }
    public static void main(String[] a) throws Exception {
        Path file = Path.of(a[1]);
        procNs(); procNs();
        long pAll = procNs();
        start(); SectionFile f = SectionFile.read(file, null); stop("SectionFile.read");
        Vocabulary v;
        if (a[0].equals("model")) {
            start(); v = moglm.modelfile.ModelFile.load(f).vocabulary(); stop("ModelFile.load");
        } else if (a[0].equals("real")) {
            java.lang.reflect.Method tb = null;
            try { tb = SectionFile.class.getMethod("textBytes", String.class); } catch (NoSuchMethodException e) { }
            start();
            if (tb == null) v = Vocabulary.parseKaldi(f.text("vocabulary"), "<unk>", "y");
            else v = (Vocabulary) Vocabulary.class.getMethod("parseKaldi", byte[].class, String.class, String.class)
                    .invoke(null, (byte[]) tb.invoke(f, "vocabulary"), "<unk>", "y");
            stop(tb == null ? "vocabulary (old)" : "vocabulary (new)");
        } else {
            start(); byte[] bytes = f.text("vocabulary").getBytes(StandardCharsets.UTF_8); stop("getBytes");
            start(); SymbolTable t = SymbolTable.parse(bytes, "x"); stop("SymbolTable.parse");
            var c = Vocabulary.class.getDeclaredConstructor(SymbolTable.class, String.class, String.class);
            c.setAccessible(true);
            start(); v = c.newInstance(t, "<unk>", "y"); stop("new Vocabulary");
        }
        System.out.printf("total proc %.1f ms, V=%d%n", (procNs() - pAll) / 1e6, v.size());
    }
}

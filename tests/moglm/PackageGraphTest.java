package moglm;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package rules of the main sources ({@code java/}), checked on the source text: the package
 * graph (an edge p -> q when a file of p names a class of q in code, imports or fully qualified;
 * comments and strings do not count) has no cycle, and the inference side (rescore, kaldi and the
 * model-at-a-level loader) imports nothing from the training side.
 */
class PackageGraphTest {
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\b(moglm(?:\\.[a-z]\\w*)+)\\.[A-Z]");
    private static final List<String> TRAINING_SIDE = List.of("moglm.train", "moglm.prune", "moglm.distill", "moglm.l0", "moglm.lowrank", "moglm.scale");
    private static final List<String> INFERENCE_SIDE = List.of("moglm.rescore", "moglm.kaldi", "moglm.level", "moglm.model", "moglm.modelfile");

    /** Package -> the packages it depends on, with one file that shows it. */
    static Map<String, Map<String, String>> graph(Path root) throws IOException {
        Map<String, Map<String, String>> g = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path f : files) {
            String src = stripCommentsAndStrings(Files.readString(f));
            Matcher m = PACKAGE.matcher(src);
            if (!m.find()) continue;
            String pkg = m.group(1);
            Map<String, String> out = g.computeIfAbsent(pkg, k -> new TreeMap<>());
            Matcher r = REFERENCE.matcher(src);
            while (r.find()) {
                String q = r.group(1);
                if (!q.equals(pkg)) out.putIfAbsent(q, f.getFileName().toString());
            }
        }
        return g;
    }

    static String stripCommentsAndStrings(String s) {
        s = s.replaceAll("(?s)/\\*.*?\\*/", " ");
        s = s.replaceAll("//[^\\n]*", " ");
        return s.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"");
    }

    @Test void noPackageCycle() throws IOException {
        Map<String, Map<String, String>> g = graph(Path.of("java"));
        assertTrue(g.size() > 10, "found the main sources: " + g.keySet());
        assertEquals(List.of(), cycles(g), "package cycles (each edge: package -> package [a file that makes it])");
    }

    static List<String> cycles(Map<String, Map<String, String>> g) {
        List<String> cycles = new ArrayList<>();
        for (String start : g.keySet()) {
            String cycle = findCycle(g, start, start, new ArrayList<>(List.of(start)), new TreeSet<>());
            if (cycle != null) cycles.add(cycle);
        }
        return cycles;
    }

    private static String findCycle(Map<String, Map<String, String>> g, String start, String at, List<String> path, Set<String> seen) {
        for (Map.Entry<String, String> e : g.getOrDefault(at, Map.of()).entrySet()) {
            String next = e.getKey();
            if (next.equals(start)) return String.join(" -> ", path) + " -> " + start + " [" + e.getValue() + "]";
            if (next.compareTo(start) < 0 || !seen.add(next)) continue; // each cycle reported once, from its smallest package
            path.add(next + " [" + e.getValue() + "]");
            String c = findCycle(g, start, next, path, seen);
            if (c != null) return c;
            path.remove(path.size() - 1);
        }
        return null;
    }

    @Test void inferenceSideImportsNothingFromTrainingSide() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> p : graph(Path.of("java")).entrySet()) {
            if (INFERENCE_SIDE.stream().noneMatch(i -> p.getKey().equals(i) || p.getKey().startsWith(i + "."))) continue;
            for (Map.Entry<String, String> q : p.getValue().entrySet()) {
                if (TRAINING_SIDE.stream().anyMatch(t -> q.getKey().equals(t) || q.getKey().startsWith(t + "."))) {
                    bad.add(p.getKey() + " -> " + q.getKey() + " [" + q.getValue() + "]");
                }
            }
        }
        assertEquals(List.of(), bad);
    }

    /** Every package documents its concern and dependencies (the cli packages are the cli's own). */
    @Test void everyPackageHasPackageInfo() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String pkg : graph(Path.of("java")).keySet()) {
            if (pkg.equals("moglm.cli") || pkg.startsWith("moglm.cli.")) continue;
            if (!Files.exists(Path.of("java", pkg.split("\\.")).resolve("package-info.java"))) missing.add(pkg);
        }
        assertEquals(List.of(), missing, "packages without package-info.java");
    }

    /** The checker itself sees a cycle and ignores comments. */
    @Test void checkerFindsACycleAndIgnoresComments(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Files.writeString(dir.resolve("a/A.java"), "package moglm.a;\nimport moglm.b.B;\nclass A { B b; }\n");
        Files.writeString(dir.resolve("b/B.java"), "package moglm.b;\n/** see {@link moglm.a.A} */\nclass B { String s = \"moglm.a.A\"; }\n");
        assertEquals(Map.of("moglm.a", Map.of("moglm.b", "A.java"), "moglm.b", Map.of()), graph(dir));
        assertEquals(List.of(), cycles(graph(dir)));
        Files.writeString(dir.resolve("b/B.java"), "package moglm.b;\nclass B { moglm.a.A a; }\n");
        assertEquals(Map.of("moglm.a", Map.of("moglm.b", "A.java"), "moglm.b", Map.of("moglm.a", "B.java")), graph(dir));
        assertEquals(List.of("moglm.a -> moglm.b [A.java] -> moglm.a [B.java]"), cycles(graph(dir)));
    }
}

package moglm.cli.kaldi;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Set;
import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.lattice.CompactLatticeHolder;
import moglm.kaldi.lattice.Lattice;
import moglm.kaldi.lattice.LatticeConvert;
import moglm.kaldi.lattice.LatticeHolder;
import moglm.kaldi.lattice.LatticeText;
import moglm.kaldi.table.SequentialTableReader;
import moglm.kaldi.table.TableWriter;
import moglm.util.TextLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code moglm lattice-copy}: Kaldi's lattice-copy (format conversion, subsetting). */
@Command(name = "lattice-copy",
        customSynopsis = "moglm lattice-copy [options] <lattice-rspecifier> <lattice-wspecifier>",
        description = {"Copy lattices, e.g. to convert between binary and text or to gzip them.", "Bad entries are reported and skipped."},
        footer = {"moglm lattice-copy \"ark:gunzip -c lat.1.gz|\" ark,t:1.lats",
                "moglm lattice-copy ark,t:1.lats \"ark:|gzip -c > lat.1.gz\""})
public final class LatticeCopyCommand extends KaldiTool {
    @Parameters(index = "0", paramLabel = "<lattice-rspecifier>") String in;
    @Parameters(index = "1", paramLabel = "<lattice-wspecifier>") String out;

    @Option(names = "--write-compact", arity = "0..1", paramLabel = "BOOL",
            description = "Write CompactLattice (true) or Lattice (false).")
    boolean writeCompact = true;

    @Option(names = "--include", paramLabel = "FILE",
            description = "Only copy keys listed in this file (first field of each line).")
    String include;

    @Option(names = "--exclude", paramLabel = "FILE",
            description = "Do not copy keys listed in this file (first field of each line).")
    String exclude;

    @Override protected int run() throws IOException {
        if (include != null && exclude != null) throw new IllegalArgumentException("give at most one of --include and --exclude");
        Set<String> inc = include != null ? keys(include) : null, exc = exclude != null ? keys(exclude) : null;
        int done = 0, failed;
        try (SequentialTableReader<CompactLattice> r = new SequentialTableReader<>(in, CompactLatticeHolder.INSTANCE, log::warn)) {
            TableWriter<CompactLattice> cw = writeCompact ? new TableWriter<>(out, latticeWriterHolder()) : null;
            TableWriter<Lattice> lw = writeCompact ? null
                    : new TableWriter<>(out, kaldiTextFloats ? new LatticeHolder(LatticeText.FloatStyle.KALDI) : LatticeHolder.INSTANCE);
            try {
                while (r.next()) {
                    String key = r.key();
                    if (inc != null && !inc.contains(key) || exc != null && exc.contains(key)) continue;
                    if (cw != null) cw.write(key, r.value());
                    else lw.write(key, LatticeConvert.toLattice(r.value()));
                    done++;
                }
                r.close();   // checks the input (a failed pipe is an error) before any output is committed
            } catch (IOException | RuntimeException e) {
                if (cw != null) cw.abort();
                if (lw != null) lw.abort();
                throw e;
            }
            if (cw != null) cw.close();
            if (lw != null) lw.close();
            failed = r.failed();
        }
        return finish(done, failed);
    }

    static Set<String> keys(String file) throws IOException {
        Set<String> s = new HashSet<>();
        try (TextLines lines = TextLines.open(Paths.get(file))) {   // strict UTF-8, errors name file:line
            for (String line; (line = lines.next()) != null; ) {
                String t = line.strip();
                if (!t.isEmpty()) s.add(t.split("\\s+", 2)[0]);
            }
        }
        return s;
    }
}

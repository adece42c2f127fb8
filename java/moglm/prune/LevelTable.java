package moglm.prune;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import moglm.level.Level;
import moglm.level.LevelLoader;
import moglm.level.LevelMasks;
import moglm.level.SparsityLevels;
import moglm.modelfile.ModelFile;
import moglm.modelfile.ModelFileException;
import moglm.modelfile.SectionFile;

/**
 * What each level of an on-demand model costs and gives, measured once and stored in the model
 * file (TEXT section {@value #SECTION}) so that {@code moglm pick-level} can choose a level for a
 * user's budget without re-measuring.
 *
 * <p>The section is tab-separated text: {@code #} comment lines (what measured it, on which data),
 * then a header naming the columns, then one row per level. {@code level} is required; the other
 * known columns are optional and empty or absent fields read as unknown (NaN / -1):
 * <pre>
 * level  nonzero  file_bytes  heldout_ppl  dev_ppl  lat_wer  lat_rtf_cpu  nbest_wer
 * </pre>
 * {@code nonzero} and {@code file_bytes} describe the level's export ({@code moglm export});
 * {@code heldout_ppl} / {@code dev_ppl} are perplexities on held-out LM text and on the dev
 * references; {@code lat_wer} / {@code nbest_wer} dev %WER of lattice / 100-best rescoring;
 * {@code lat_rtf_cpu} the CPU real-time factor of lattice rescoring. Unknown columns are ignored,
 * so a recipe's full results table can be stored as it is.
 */
public final class LevelTable {
    /** Name of the model-file section. */
    public static final String SECTION = "prune.level_table";
    /** Columns this class reads and writes, in the order written. */
    public static final List<String> COLUMNS =
            List.of("level", "nonzero", "file_bytes", "heldout_ppl", "dev_ppl", "lat_wer", "lat_rtf_cpu", "nbest_wer");

    /** One level's row; unknown values are -1 (counts) or NaN. */
    public record Row(double level, long nonZero, long fileBytes, double heldoutPpl, double devPpl, double latWer,
                      double latRtfCpu, double nbestWer) {
        /** The row with the export's size filled in where it was unknown. */
        public Row withSize(long nonZero, long fileBytes) {
            return new Row(level, this.nonZero >= 0 ? this.nonZero : nonZero, this.fileBytes >= 0 ? this.fileBytes : fileBytes,
                    heldoutPpl, devPpl, latWer, latRtfCpu, nbestWer);
        }
    }

    private final List<String> comments;
    private final List<Row> rows;

    public LevelTable(List<String> comments, List<Row> rows) {
        this.comments = List.copyOf(comments);
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort((a, b) -> Double.compare(a.level(), b.level()));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).level() == sorted.get(i - 1).level()) {
                throw new IllegalArgumentException("level " + Level.format(sorted.get(i).level()) + " appears twice");
            }
        }
        this.rows = List.copyOf(sorted);
    }

    /** Rows in ascending level (the dense network, level 0, first when present). */
    public List<Row> rows() { return rows; }

    /** The comment lines (without the leading '#'). */
    public List<String> comments() { return comments; }

    /** The row of {@code level}, or null. */
    public Row row(double level) {
        for (Row r : rows) if (r.level() == level) return r;
        return null;
    }

    /**
     * Parses a table. {@code keepColumn}/{@code keepValue} (both null for all rows) select the rows
     * whose column has that value (e.g. method = ondemand-kd in a recipe's table of several models).
     * Errors name {@code source} and the line.
     */
    public static LevelTable parse(String text, String source, String keepColumn, String keepValue) {
        List<String> comments = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        List<String> header = null;
        int keep = -1;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) continue;
            if (line.startsWith("#")) {
                comments.add(line.substring(1).strip());
                continue;
            }
            String[] f = line.split("\t", -1);
            String where = source + " line " + (i + 1);
            if (header == null) {
                header = List.of(f);
                if (!header.contains("level")) throw new IllegalArgumentException(where + ": header lacks the column 'level' (has " + header + ")");
                if (keepColumn != null) {
                    keep = header.indexOf(keepColumn);
                    if (keep < 0) throw new IllegalArgumentException(where + ": header lacks the column '" + keepColumn + "'");
                }
                continue;
            }
            if (f.length != header.size()) {
                throw new IllegalArgumentException(where + ": expected " + header.size() + " tab-separated fields, got " + f.length);
            }
            if (keep >= 0 && !f[keep].equals(keepValue)) continue;
            try {
                rows.add(new Row(dbl(header, f, "level"), lng(header, f, "nonzero"), lng(header, f, "file_bytes"),
                        dbl(header, f, "heldout_ppl"), dbl(header, f, "dev_ppl"), dbl(header, f, "lat_wer"),
                        dbl(header, f, "lat_rtf_cpu"), dbl(header, f, "nbest_wer")));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": not a number: " + e.getMessage());
            }
            double lv = rows.get(rows.size() - 1).level();
            if (Double.isNaN(lv) || lv < 0) throw new IllegalArgumentException(where + ": level must be a number >= 0");
        }
        if (header == null) throw new IllegalArgumentException(source + ": no header line");
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(source + ": no rows" + (keepColumn == null ? "" : " with " + keepColumn + " = " + keepValue));
        }
        try {
            return new LevelTable(comments, rows);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage());
        }
    }

    /** The table as stored: comments, header of {@link #COLUMNS}, one row per level. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        for (String c : comments) sb.append("# ").append(c).append('\n');
        sb.append(String.join("\t", COLUMNS)).append('\n');
        for (Row r : rows) {
            sb.append(Level.format(r.level())).append('\t').append(r.nonZero() < 0 ? "" : Long.toString(r.nonZero()))
                    .append('\t').append(r.fileBytes() < 0 ? "" : Long.toString(r.fileBytes()))
                    .append('\t').append(num(r.heldoutPpl())).append('\t').append(num(r.devPpl()))
                    .append('\t').append(num(r.latWer())).append('\t').append(num(r.latRtfCpu()))
                    .append('\t').append(num(r.nbestWer())).append('\n');
        }
        return sb.toString();
    }

    /** The table stored in a loaded model file, or null when it has none. */
    public static LevelTable of(ModelFile.Loaded loaded) throws ModelFileException {
        SectionFile f = loaded.file();
        if (!f.has(SECTION)) return null;
        try {
            return parse(f.text(SECTION), f.file() + " [" + SECTION + "]", null, null);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(f.file(), e.getMessage());
        }
    }

    /**
     * Rewrites {@code model} (atomically) with this table as its {@value #SECTION} section,
     * replacing any table it had; every other section is kept as it is. Each row's level must be
     * 0 or one of the file's levels.
     */
    public void store(Path model) throws IOException {
        SectionFile f = SectionFile.read(model, null);
        if (!f.codec().equals(ModelFile.CODEC)) throw new ModelFileException(model, "is a '" + f.codec() + "' file, not a moglm model");
        try (ModelFile.Loaded loaded = ModelFile.load(f)) {
            LevelMasks masks = LevelLoader.masks(loaded);
            for (Row r : rows) {
                if (r.level() == 0) continue;
                if (masks == null || !hasLevel(masks.levels(), r.level())) {
                    throw new ModelFileException(model, "the table has level " + Level.format(r.level()) + ", the file's levels are "
                            + (masks == null ? "none" : masks.levels().toString()));
                }
            }
        }
        f.copy(Set.of(SECTION)).text(SECTION, format()).write(model);
    }

    private static boolean hasLevel(SparsityLevels levels, double s) {
        for (double l : levels.toArray()) if (l == s) return true;
        return false;
    }

    private static double dbl(List<String> header, String[] f, String col) {
        int i = header.indexOf(col);
        return i < 0 || f[i].isBlank() ? Double.NaN : Double.parseDouble(f[i].strip());
    }

    private static long lng(List<String> header, String[] f, String col) {
        int i = header.indexOf(col);
        return i < 0 || f[i].isBlank() ? -1 : Long.parseLong(f[i].strip());
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v).replaceFirst("(\\.\\d*?)0+$", "$1").replaceFirst("\\.$", "");
    }
}

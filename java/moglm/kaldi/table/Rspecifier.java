package moglm.kaldi.table;

/**
 * A Kaldi table read specifier: {@code ark:<rxfilename>} (an archive of {@code key value}
 * entries) or {@code scp:<rxfilename>} (a script file of {@code key rxfilename} lines), with
 * comma-separated options before the colon, e.g. {@code ark,s,cs:-} or
 * {@code "ark:gunzip -c lat.1.gz|"}.
 *
 * <p>Options (as Kaldi's {@code ClassifyRspecifier}): {@code o}/{@code no} each key is asked for
 * once; {@code s}/{@code ns} keys are sorted; {@code cs}/{@code ncs} lookups come in sorted order;
 * {@code p}/{@code np} permissive (bad entries are skipped with a warning and do not count as
 * failures); {@code b}, {@code t} (ignored on input: the format is detected per entry);
 * {@code bg} (read ahead in the background; accepted, reading is synchronous here).
 *
 * @param kind        archive or script
 * @param rxfilename  where to read (see {@link KaldiIo})
 * @param once        {@code o}
 * @param sorted      {@code s}
 * @param calledSorted {@code cs}
 * @param permissive  {@code p}
 * @param background  {@code bg}
 */
public record Rspecifier(Kind kind, String rxfilename, boolean once, boolean sorted, boolean calledSorted,
                         boolean permissive, boolean background) {

    /** Archive ({@code ark}) or script file ({@code scp}). */
    public enum Kind { ARCHIVE, SCRIPT }

    /**
     * Parses an rspecifier.
     *
     * @throws IllegalArgumentException saying what is wrong (no {@code ark:}/{@code scp:}, unknown option...)
     */
    public static Rspecifier parse(String spec) {
        int colon = spec.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("invalid rspecifier '" + spec + "': expected ark:... or scp:... (e.g. \"ark:gunzip -c lat.1.gz|\")");
        }
        String rx = spec.substring(colon + 1);
        Kind kind = null;
        boolean once = false, sorted = false, calledSorted = false, permissive = false, background = false;
        for (String opt : spec.substring(0, colon).split(",", -1)) {
            switch (opt) {
                case "ark": case "scp": {
                    Kind k = opt.equals("ark") ? Kind.ARCHIVE : Kind.SCRIPT;
                    if (kind != null) throw new IllegalArgumentException("invalid rspecifier '" + spec + "': both ark and scp");
                    kind = k;
                    break;
                }
                case "o": once = true; break;
                case "no": once = false; break;
                case "s": sorted = true; break;
                case "ns": sorted = false; break;
                case "cs": calledSorted = true; break;
                case "ncs": calledSorted = false; break;
                case "p": permissive = true; break;
                case "np": permissive = false; break;
                case "b": case "t": break;
                case "bg": background = true; break;
                default:
                    throw new IllegalArgumentException("invalid rspecifier '" + spec + "': unknown option '" + opt + "'");
            }
        }
        if (kind == null) {
            throw new IllegalArgumentException("invalid rspecifier '" + spec + "': expected ark:... or scp:...");
        }
        KaldiIo.classifyInput(rx); // validates the file name
        return new Rspecifier(kind, rx, once, sorted, calledSorted, permissive, background);
    }

    /** True when {@code spec} parses as an rspecifier. */
    public static boolean isValid(String spec) {
        try {
            parse(spec);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

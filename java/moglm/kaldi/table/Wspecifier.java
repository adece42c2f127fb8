package moglm.kaldi.table;

/**
 * A Kaldi table write specifier: {@code ark:<wxfilename>} (binary archive),
 * {@code ark,t:<wxfilename>} (text archive), {@code ark,scp:<ark-wxfilename>,<scp-wxfilename>}
 * (archive plus a script file of {@code key ark-file:offset} lines, so entries can later be read
 * at random) or {@code scp:<wxfilename>}, whose lines {@code key wxfilename} say where each entry
 * goes. Pipes work as in Kaldi: {@code "ark:| gzip -c > lat.1.gz"}.
 *
 * <p>Options: {@code b} binary (default), {@code t} text, {@code f}/{@code nf} flush after
 * every entry or not, {@code p} permissive (scp: keys missing from the scp file are skipped).
 *
 * @param kind            archive, script, or both
 * @param arkWxfilename   archive target (null for {@code scp:})
 * @param scpWxfilename   script target (null for {@code ark:})
 * @param binary          binary (true) or text
 * @param flush           flush after each entry (default: true for standard output and pipes, as in Kaldi)
 * @param permissive      {@code p}
 */
public record Wspecifier(Kind kind, String arkWxfilename, String scpWxfilename, boolean binary, Boolean flush,
                         boolean permissive) {

    /** What is written. */
    public enum Kind { ARCHIVE, SCRIPT, BOTH }

    /** Parses a wspecifier; throws {@link IllegalArgumentException} saying what is wrong. */
    public static Wspecifier parse(String spec) {
        int colon = spec.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("invalid wspecifier '" + spec + "': expected ark:..., ark,t:..., ark,scp:...,... or scp:...");
        }
        boolean ark = false, scp = false, binary = true, permissive = false;
        Boolean flush = null;
        for (String opt : spec.substring(0, colon).split(",", -1)) {
            switch (opt) {
                case "ark": ark = true; break;
                case "scp": scp = true; break;
                case "b": binary = true; break;
                case "t": binary = false; break;
                case "f": flush = Boolean.TRUE; break;
                case "nf": flush = Boolean.FALSE; break;
                case "p": permissive = true; break;
                default:
                    throw new IllegalArgumentException("invalid wspecifier '" + spec + "': unknown option '" + opt + "'");
            }
        }
        String rest = spec.substring(colon + 1);
        if (ark && scp) {
            int comma = rest.indexOf(',');
            if (comma < 0) {
                throw new IllegalArgumentException("invalid wspecifier '" + spec + "': ark,scp needs two file names: ark,scp:a.ark,a.scp");
            }
            String a = rest.substring(0, comma), s = rest.substring(comma + 1);
            KaldiIo.classifyOutput(a);
            KaldiIo.classifyOutput(s);
            return new Wspecifier(Kind.BOTH, a, s, binary, flush, permissive);
        }
        if (ark) {
            KaldiIo.classifyOutput(rest);
            return new Wspecifier(Kind.ARCHIVE, rest, null, binary, flush, permissive);
        }
        if (scp) {
            KaldiIo.classifyInput(rest); // the scp file is READ: it lists where entries go
            return new Wspecifier(Kind.SCRIPT, null, rest, binary, flush, permissive);
        }
        throw new IllegalArgumentException("invalid wspecifier '" + spec + "': expected ark or scp before ':'");
    }
}

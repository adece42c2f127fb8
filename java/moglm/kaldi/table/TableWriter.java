package moglm.kaldi.table;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a Kaldi table (Kaldi's {@code TableWriter}) for a {@link Wspecifier}:
 * <ul>
 * <li>{@code ark:x} / {@code ark,t:x}: archive entries {@code key + ' ' + object}, binary or text;</li>
 * <li>{@code ark,scp:x.ark,x.scp}: the archive plus {@code key x.ark:offset} lines, the offset
 *     pointing just after {@code "key "} (readable with {@code scp:x.scp});</li>
 * <li>{@code scp:list}: {@code list} holds {@code key wxfilename} lines; each object goes to its
 *     own file (keys absent from the list are an error, or skipped with {@code p}).</li>
 * </ul>
 *
 * <p>Files are written atomically (temporary file renamed by {@link #close()}); {@link #abort()}
 * leaves no partial file. Pipes are checked on close: a failing command is an {@link IOException}.
 * Keys must satisfy {@link KaldiKeys#isValid(String)}.
 */
public final class TableWriter<T> implements Closeable {
    private final Wspecifier spec;
    private final Holder<T> holder;
    private final KaldiOutput ark;
    private final KaldiOutput scp;
    private final Map<String, String> scpTargets;
    private final boolean flushEach;
    private boolean closed;

    /**
     * Opens {@code wspecifier} for writing.
     *
     * @throws IllegalArgumentException for an invalid wspecifier
     * @throws IOException              when a target cannot be opened
     */
    public TableWriter(String wspecifier, Holder<T> holder) throws IOException {
        this.spec = Wspecifier.parse(wspecifier);
        this.holder = holder;
        KaldiOutput a = null, s = null;
        Map<String, String> targets = null;
        try {
            switch (spec.kind()) {
                case ARCHIVE:
                    a = KaldiIo.openOutput(spec.arkWxfilename());
                    break;
                case BOTH:
                    if (KaldiIo.classifyOutput(spec.arkWxfilename()) != KaldiIo.OutputKind.FILE) {
                        throw new IllegalArgumentException("invalid wspecifier '" + wspecifier
                                + "': with ark,scp the archive must be a file (offsets into a pipe or stdout are meaningless)");
                    }
                    a = KaldiIo.openOutput(spec.arkWxfilename());
                    s = KaldiIo.openOutput(spec.scpWxfilename());
                    break;
                default:
                    targets = readScpTargets(spec.scpWxfilename());
                    break;
            }
        } catch (IOException | RuntimeException e) {
            if (a != null) a.abort();
            if (s != null) s.abort();
            throw e;
        }
        this.ark = a;
        this.scp = s;
        this.scpTargets = targets;
        KaldiIo.OutputKind kind = spec.arkWxfilename() == null ? KaldiIo.OutputKind.FILE : KaldiIo.classifyOutput(spec.arkWxfilename());
        this.flushEach = spec.flush() != null ? spec.flush() : kind != KaldiIo.OutputKind.FILE;
    }

    private static Map<String, String> readScpTargets(String rx) throws IOException {
        Map<String, String> m = new HashMap<>();
        try (KaldiInput in = KaldiIo.openInput(rx)) {
            byte[] line;
            int n = 0;
            while ((line = in.readLineBytes(1 << 20, "scp line")) != null) {
                n++;
                String t = in.decodeUtf8(line, 0, line.length, "scp line " + n).strip();
                if (t.isEmpty()) continue;
                String[] kv = t.split("\\s+", 2);
                if (kv.length != 2) throw new IOException(rx + ":" + n + ": expected 'key wxfilename', got '" + t + "'");
                m.put(kv[0], kv[1]);
            }
        }
        return m;
    }

    /** Writes one entry. */
    public void write(String key, T value) throws IOException {
        if (closed) throw new IllegalStateException("writer already closed");
        KaldiKeys.check(key);
        if (spec.kind() == Wspecifier.Kind.SCRIPT) {
            String wx = scpTargets.get(key);
            if (wx == null) {
                if (spec.permissive()) return;
                throw new IOException("key '" + key + "' is not in the scp file " + spec.scpWxfilename());
            }
            KaldiOutput o = KaldiIo.openOutput(wx);
            try {
                holder.write(o, spec.binary(), value);
            } catch (IOException | RuntimeException e) {
                o.abort();
                throw e;
            }
            o.close();
            return;
        }
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        ark.write(k);
        ark.write(' ');
        long offset = ark.position();
        holder.write(ark, spec.binary(), value);
        if (scp != null) {
            scp.write(k);
            scp.write((" " + spec.arkWxfilename() + ":" + offset + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (flushEach) {
            ark.flush();
            if (scp != null) scp.flush();
        }
    }

    /** True when the wspecifier asks for text output. */
    public boolean isText() {
        return !spec.binary();
    }

    /** Finishes the table: commits files, waits for pipes (non-zero exit status is an error). */
    @Override public void close() throws IOException {
        if (closed) return;
        closed = true;
        IOException first = null;
        for (KaldiOutput o : new KaldiOutput[] {ark, scp}) {
            if (o == null) continue;
            try {
                o.close();
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }

    /** Abandons the table: temporary files are deleted, pipes closed without status check. */
    public void abort() {
        if (closed) return;
        closed = true;
        if (ark != null) ark.abort();
        if (scp != null) scp.abort();
    }
}

package moglm.kaldi.table;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Reads and writes one kind of object in Kaldi's table formats (Kaldi's "Holder" concept).
 *
 * <p>In an archive every entry is {@code key} + one space + the object; a holder sees only the
 * object. Each holder decides text versus binary PER ENTRY from the first bytes, as Kaldi does:
 * basic types and vectors start with {@code "\0B"} when binary; lattices start with the OpenFst
 * magic byte {@code 0xD6} when binary and with whitespace (a newline) when text.
 *
 * @param <T> the object type
 */
public interface Holder<T> {
    /**
     * Reads one object from {@code in}, positioned just after {@code "key "} (archive) or at the
     * start of a file ({@code scp:} entry). On success the stream is left at the start of the next
     * entry.
     *
     * @throws KaldiFormatException on malformed data (see {@link KaldiFormatException#resumable()})
     * @throws IOException          on I/O failure
     */
    T read(KaldiInput in) throws IOException;

    /** Writes {@code value} in binary or text form (in an archive: after {@code "key "}). */
    void write(OutputStream out, boolean binary, T value) throws IOException;

    /** Name of the type for messages, e.g. {@code "CompactLattice"}. */
    String typeName();
}

package moglm.kaldi.table;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Look-up by key in a Kaldi table (Kaldi's {@code RandomAccessTableReader}), for small tables
 * such as reference transcripts: the whole table is read into memory on construction, so keep
 * large objects (lattices) on the {@link SequentialTableReader} path. A key that appears twice
 * keeps its first value and is reported.
 */
public final class RandomAccessTableReader<T> {
    private final Map<String, T> entries = new HashMap<>();
    private final int failed;

    /** Reads all of {@code rspecifier}; bad entries go to {@code warnings} and are skipped. */
    public RandomAccessTableReader(String rspecifier, Holder<T> holder, Consumer<String> warnings) throws IOException {
        try (SequentialTableReader<T> r = new SequentialTableReader<>(rspecifier, holder, warnings)) {
            while (r.next()) {
                if (entries.putIfAbsent(r.key(), r.value()) != null) {
                    warnings.accept("duplicate key '" + r.key() + "' in " + rspecifier + "; keeping the first entry");
                }
            }
            failed = r.failed();
        }
    }

    /** True when the table has {@code key}. */
    public boolean hasKey(String key) {
        return entries.containsKey(key);
    }

    /** The value for {@code key}, or null. */
    public T value(String key) {
        return entries.get(key);
    }

    /** Number of entries. */
    public int size() {
        return entries.size();
    }

    /** Bad entries seen while loading. */
    public int failed() {
        return failed;
    }
}

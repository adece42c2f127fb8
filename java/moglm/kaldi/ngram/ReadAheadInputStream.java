package moglm.kaldi.ngram;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads an input stream on a background (daemon) thread in 1 MB chunks, so that decompressing a
 * gzipped ARPA file overlaps with parsing it. Chunks circulate between two small queues (filled /
 * free), so no garbage is made per chunk. An exception in the reader thread is rethrown to the
 * consumer at the point of the data it would have produced; closing stops the thread.
 */
final class ReadAheadInputStream extends InputStream {
    private static final int CHUNK = 1 << 20, DEPTH = 4;

    private static final class Chunk {
        final byte[] data = new byte[CHUNK];
        int length;           // -1 marks end of data
        IOException error;
    }

    private final InputStream in;
    private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(DEPTH + 1);
    private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(DEPTH + 1);
    private final Thread reader;
    private Chunk current;
    private int pos;
    private boolean done;

    ReadAheadInputStream(InputStream in) {
        this.in = in;
        for (int i = 0; i < DEPTH; i++) free.add(new Chunk());
        reader = new Thread(this::readLoop, "arpa-read-ahead");
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop() {
        try {
            while (true) {
                Chunk c = free.take();
                c.error = null;
                int n = 0;
                IOException failure = null;
                try {
                    while (n < CHUNK) {
                        int r = in.read(c.data, n, CHUNK - n);
                        if (r < 0) break;
                        n += r;
                    }
                } catch (IOException e) {
                    failure = e;
                }
                if (n > 0) {
                    // hand over the bytes read before any failure first
                    c.length = n;
                    filled.put(c);
                    if (failure == null) continue;
                    c = free.take();
                }
                c.length = -1;
                c.error = failure;
                filled.put(c);
                return;
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** Makes {@code current} a chunk with unread bytes; false at end of data. */
    private boolean advance() throws IOException {
        if (done) return false;
        if (current != null && pos < current.length) return true;
        if (current != null) free.add(current);
        try {
            current = filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading ahead", e);
        }
        pos = 0;
        if (current.error != null) {
            done = true;
            throw current.error;
        }
        if (current.length < 0) {
            done = true;
            return false;
        }
        return true;
    }

    @Override public int read() throws IOException {
        if (!advance()) return -1;
        return current.data[pos++] & 0xff;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!advance()) return -1;
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current.data, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override public void close() throws IOException {
        reader.interrupt();
        in.close();
    }
}

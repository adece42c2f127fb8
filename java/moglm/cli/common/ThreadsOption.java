package moglm.cli.common;

import moglm.kernel.Threads;
import picocli.CommandLine.Option;

/**
 * {@code --threads N} of every command that computes: OpenBLAS's thread count for this process.
 * One thread is the default because it is the fastest on a machine doing anything else (idle
 * threads of OpenBLAS's pool spin-wait inside small products; see docs/cli.md); an option rather
 * than an environment variable, so that it reaches grid jobs (queue.pl/slurm.pl pass the command
 * line, not the environment).
 */
public final class ThreadsOption {
    @Option(names = "--threads", paramLabel = "N", description = "BLAS (OpenBLAS) threads of this process.")
    int threads = 1;

    /** The requested thread count. */
    public int threads() {
        return threads;
    }

    /** Sets OpenBLAS's thread count to the option's value. */
    public void apply() {
        if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        Threads.set(threads);
    }
}

package moglm.rescore.lattice;

/**
 * Options of pruned lattice composition (Kaldi's {@code ComposeLatticePrunedOptions}), with
 * Kaldi's defaults.
 *
 * @param latticeComposeBeam paths whose expected cost is more than this above the best composed
 *                           path are not expanded (Kaldi {@code --lattice-compose-beam}, 6.0)
 * @param maxArcs            stop once the output has this many arcs, after a final state has been
 *                           reached (Kaldi {@code --max-arcs}, 100000)
 * @param initialNumArcs     arcs expanded before the first recomputation of the heuristic (100)
 * @param growthRatio        the heuristic is recomputed each time the output grows by this factor
 *                           (Kaldi {@code --growth-ratio}, 1.5; must be > 1)
 * @param acousticScale      acoustic costs are multiplied by this in every cost the search compares
 *                           (Kaldi {@code --acoustic-scale}, 0.1); the output keeps unscaled costs
 * @param maxSeconds         time limit of one composition (moglm; not in Kaldi): when it passes, the
 *                           search stops expanding as if {@code maxArcs} had been reached (the output is
 *                           pruned harder), or gives up (null lattice) when no complete path exists yet;
 *                           +inf = no limit
 * <p>Whatever the options, the search also gives up once it has {@value #NO_PATH_ARC_FACTOR} x
 * {@code maxArcs} arcs without a complete path (Kaldi would go on expanding, kaldi#4734), so time
 * and memory per lattice stay bounded.
 */
public record ComposeOptions(double latticeComposeBeam, int maxArcs, int initialNumArcs, double growthRatio,
                             double acousticScale, double maxSeconds) {
    /** The search gives up when it has this many times {@code maxArcs} arcs and no complete path. */
    public static final int NO_PATH_ARC_FACTOR = 4;

    /** Without a time limit. */
    public ComposeOptions(double latticeComposeBeam, int maxArcs, int initialNumArcs, double growthRatio, double acousticScale) {
        this(latticeComposeBeam, maxArcs, initialNumArcs, growthRatio, acousticScale, Double.POSITIVE_INFINITY);
    }

    public ComposeOptions {
        if (!(maxSeconds > 0)) throw new IllegalArgumentException("--max-seconds-per-lattice must be > 0, got " + maxSeconds);
        if (!(latticeComposeBeam > 0)) throw new IllegalArgumentException("--lattice-compose-beam must be > 0, got " + latticeComposeBeam);
        if (maxArcs <= 0) throw new IllegalArgumentException("--max-arcs must be > 0, got " + maxArcs);
        if (initialNumArcs <= 0) throw new IllegalArgumentException("initial-num-arcs must be > 0, got " + initialNumArcs);
        if (!(growthRatio > 1.0)) throw new IllegalArgumentException("--growth-ratio must be > 1, got " + growthRatio);
        if (!(acousticScale > 0)) throw new IllegalArgumentException("--acoustic-scale must be > 0, got " + acousticScale);
    }

    /** Kaldi's defaults: beam 6, max-arcs 100000, initial 100, growth 1.5, acoustic scale 0.1. */
    public static ComposeOptions defaults() {
        return new ComposeOptions(6.0, 100000, 100, 1.5, 0.1);
    }

    /** No pruning at all: the result equals exhaustive composition (used by tests). */
    public static ComposeOptions unlimited(double acousticScale) {
        return new ComposeOptions(Double.POSITIVE_INFINITY, Integer.MAX_VALUE, 100, 1.5, acousticScale);
    }
}

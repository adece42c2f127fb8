package moglm.kaldi.lattice;

/**
 * Kaldi's {@code ScaleLattice}: every weight (g, a) becomes
 * <pre>
 *   g' = s[0][0]*g + s[0][1]*a        (lm-scale, acoustic2lm-scale)
 *   a' = s[1][0]*g + s[1][1]*a        (lm2acoustic-scale, acoustic-scale)
 * </pre>
 * computed in double from the float weight and rounded to float, exactly as Kaldi's
 * {@code ScaleTupleWeight} does (so later ties break the same way). A weight whose graph cost is
 * +inf becomes Zero; transition-id strings are kept. Final weights that are Zero stay Zero. The
 * identity scale leaves the lattice untouched.
 */
public final class LatticeScale {
    private LatticeScale() {}

    /** Scales arcs and final weights in place with the 2x2 matrix {@code {{s00, s01}, {s10, s11}}}. */
    public static void scale(LatticeBase lat, double s00, double s01, double s10, double s11) {
        if (s00 == 1.0 && s01 == 0.0 && s10 == 0.0 && s11 == 1.0) return;
        float[] g = lat.graph, a = lat.acoustic;
        for (int i = 0, n = lat.numArcs(); i < n; i++) {
            float gi = g[i], ai = a[i];
            if (gi == Float.POSITIVE_INFINITY) {
                a[i] = Float.POSITIVE_INFINITY;
            } else {
                g[i] = (float) (s00 * gi + s01 * ai);
                a[i] = (float) (s10 * gi + s11 * ai);
            }
        }
        for (int s = 0; s < lat.numStates(); s++) {
            if (!lat.isFinal(s)) continue;
            float gs = lat.finalGraph[s], as = lat.finalAcoustic[s];
            if (gs == Float.POSITIVE_INFINITY) {
                lat.finalAcoustic[s] = Float.POSITIVE_INFINITY;
            } else {
                lat.finalGraph[s] = (float) (s00 * gs + s01 * as);
                lat.finalAcoustic[s] = (float) (s10 * gs + s11 * as);
            }
        }
    }

    /** Kaldi's {@code LatticeScale(lmwt, acwt)}: graph costs times lmwt, acoustic costs times acwt. */
    public static void scale(LatticeBase lat, double lmScale, double acousticScale) {
        scale(lat, lmScale, 0.0, 0.0, acousticScale);
    }

    /**
     * Kaldi's {@code AddWordInsPenToCompactLattice} (lattice-add-penalty): adds {@code penalty}
     * to the graph cost of every arc with a word (label != 0), in float arithmetic. Final weights
     * are untouched.
     */
    public static void addWordInsertionPenalty(CompactLattice lat, float penalty) {
        float[] g = lat.graph;
        for (int i = 0, n = lat.numArcs(); i < n; i++) {
            if (lat.ilabel[i] != 0) g[i] = g[i] + penalty;
        }
    }
}

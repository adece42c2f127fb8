package moglm.kaldi.lattice;

/**
 * OpenFst property bits as stored in the binary FST header (a uint64). Kaldi's lattices carry
 * e.g. {@code 0x10a810003} = expanded | mutable | acceptor | no epsilons (input, output, both) |
 * weighted. Readers keep the stored value so that copying a lattice is byte-exact; lattices built
 * by moglm get {@link #of(LatticeBase)}.
 */
public final class FstProperties {
    private FstProperties() {}

    public static final long EXPANDED = 0x1L;
    public static final long MUTABLE = 0x2L;
    public static final long ACCEPTOR = 0x10000L;
    public static final long NOT_ACCEPTOR = 0x20000L;
    public static final long EPSILONS = 0x400000L;
    public static final long NO_EPSILONS = 0x800000L;
    public static final long I_EPSILONS = 0x1000000L;
    public static final long NO_I_EPSILONS = 0x2000000L;
    public static final long O_EPSILONS = 0x4000000L;
    public static final long NO_O_EPSILONS = 0x8000000L;
    public static final long WEIGHTED = 0x100000000L;
    public static final long UNWEIGHTED = 0x200000000L;
    public static final long TOP_SORTED = 0x4000000000L;
    public static final long NOT_TOP_SORTED = 0x8000000000L;

    /**
     * The bits OpenFst's incremental tracking leaves on a VectorFst built state by state with
     * AddArc (as Kaldi's decoders and tools do): expanded, mutable, acceptor-ness, epsilon-ness and
     * weighted-ness.
     */
    public static long of(LatticeBase lat) {
        boolean acceptor = true, eps = false, ieps = false, oeps = false, weighted = false;
        for (int a = 0; a < lat.numArcs(); a++) {
            int il = lat.ilabel(a), ol = lat.olabel(a);
            if (il != ol) acceptor = false;
            if (il == 0) ieps = true;
            if (ol == 0) oeps = true;
            if (il == 0 && ol == 0) eps = true;
            if (!lat.arcWeightIsOne(a)) weighted = true;
        }
        long p = EXPANDED | MUTABLE;
        p |= acceptor ? ACCEPTOR : NOT_ACCEPTOR;
        p |= eps ? EPSILONS : NO_EPSILONS;
        p |= ieps ? I_EPSILONS : NO_I_EPSILONS;
        p |= oeps ? O_EPSILONS : NO_O_EPSILONS;
        if (weighted) p |= WEIGHTED;
        return p;
    }
}

package moglm.rescore.lmfst;

/** Result holder of {@link OnDemandLm#arc}: the arc's cost and its destination state. Reused to avoid garbage. */
public final class LmArc {
    /** Cost of the arc (negated natural log probability, times any scale). */
    public float cost;
    /** Destination state. */
    public int next;
}

package moglm.kaldi.lattice;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * The oracle path of a lattice: the word sequence with the smallest edit distance (insertions,
 * deletions and substitutions each cost 1) to a reference (Kaldi's {@code lattice-oracle}).
 *
 * <p><b>Algorithm</b> (exact): dynamic programming over pairs (lattice state s, reference position
 * j), {@code E[s][j]} = fewest errors of any path prefix reaching s aligned with the first j
 * reference words. States are visited in topological order; in each state deletions are relaxed
 * first ({@code E[s][j+1] <= E[s][j] + 1}), then every arc: an epsilon arc keeps j at no cost, a
 * word arc either inserts (j kept, +1) or consumes the next reference word (+0 if equal, +1
 * otherwise). The answer is the minimum of {@code E[f][R]} over final states f; back-pointers
 * give the path and its error breakdown. Lattice weights are ignored, as in Kaldi. Time and
 * memory are O(states x (R+1)) plus O(arcs x (R+1)) time.
 *
 * <p>Ties between equally good paths are broken deterministically: the first improvement found
 * wins (lower state order, then arc order, then deletion before arc).
 *
 * <p>Wildcard words (Kaldi's {@code --wildcard-symbols}) count as epsilon on both sides.
 */
public final class LatticeOracle {
    private LatticeOracle() {}

    /** Limit on the DP table (states x (reference length + 1)). */
    public static final long MAX_CELLS = 400_000_000L;

    /**
     * The oracle result.
     *
     * @param words         the oracle word sequence (epsilons and wildcards dropped)
     * @param reference     the reference actually scored (wildcards dropped)
     * @param insertions    insertions on the oracle alignment
     * @param deletions     deletions on the oracle alignment
     * @param substitutions substitutions on the oracle alignment
     * @param correct       matched words
     * @param arcs          the oracle path's arcs in order (indices into the lattice searched)
     * @param finalState    the state where the path ends
     */
    public record Result(int[] words, int[] reference, int insertions, int deletions, int substitutions, int correct,
                         int[] arcs, int finalState) {
        /** Total errors (the edit distance). */
        public int errors() {
            return insertions + deletions + substitutions;
        }
    }

    private static final byte NONE = 0, DEL = 1, INS = 2, MATCH = 3, SUB = 4, EPS = 5;

    /**
     * The oracle path of an acyclic lattice; null when the lattice has no complete path.
     *
     * @param wildcard true for word ids that do not count (may be null)
     */
    public static Result find(CompactLattice lattice, int[] reference, IntPredicate wildcard) {
        IntPredicate wild = wildcard == null ? w -> false : wildcard;
        int[] ref = Arrays.stream(reference).filter(w -> w != 0 && !wild.test(w)).toArray();
        int n = lattice.numStates();
        if (lattice.start() < 0 || n == 0) return null;
        int[] order = topologicalOrder(lattice);
        int width = ref.length + 1;
        if ((long) n * width > MAX_CELLS) {
            throw new IllegalArgumentException("oracle table too large: " + n + " states x " + width + " reference positions");
        }
        int[] cost = new int[n * width];
        Arrays.fill(cost, Integer.MAX_VALUE);
        int[] backCell = new int[n * width];  // predecessor cell
        int[] backArc = new int[n * width];   // arc taken (-1 for deletion)
        byte[] op = new byte[n * width];
        cost[lattice.start() * width] = 0;
        for (int s : order) {
            int base = s * width;
            for (int j = 0; j < ref.length; j++) {
                int c = cost[base + j];
                if (c == Integer.MAX_VALUE) continue;
                relax(cost, backCell, backArc, op, base + j + 1, c + 1, base + j, -1, DEL);
            }
            for (int a = lattice.arcBegin(s); a < lattice.arcEnd(s); a++) {
                int w = lattice.ilabel(a);
                if (wild.test(w)) w = 0;
                int tbase = lattice.nextState(a) * width;
                for (int j = 0; j <= ref.length; j++) {
                    int c = cost[base + j];
                    if (c == Integer.MAX_VALUE) continue;
                    if (w == 0) {
                        relax(cost, backCell, backArc, op, tbase + j, c, base + j, a, EPS);
                        continue;
                    }
                    if (j < ref.length) {
                        boolean eq = ref[j] == w;
                        relax(cost, backCell, backArc, op, tbase + j + 1, c + (eq ? 0 : 1), base + j, a, eq ? MATCH : SUB);
                    }
                    relax(cost, backCell, backArc, op, tbase + j, c + 1, base + j, a, INS);
                }
            }
        }
        int bestCell = -1, best = Integer.MAX_VALUE;
        for (int s : order) {
            if (!lattice.isFinal(s)) continue;
            int cell = s * width + ref.length;
            if (cost[cell] < best) {
                best = cost[cell];
                bestCell = cell;
            }
        }
        if (bestCell < 0) return null;
        int ins = 0, del = 0, sub = 0, cor = 0, nw = 0, na = 0;
        int[] words = new int[16];
        int[] arcs = new int[16];
        int startCell = lattice.start() * width;
        for (int cell = bestCell; cell != startCell; cell = backCell[cell]) {
            switch (op[cell]) {
                case DEL: del++; break;
                case INS: ins++; break;
                case MATCH: cor++; break;
                case SUB: sub++; break;
                default: break;
            }
            if (op[cell] != DEL && op[cell] != NONE) {
                if (na == arcs.length) arcs = Arrays.copyOf(arcs, na * 2);
                arcs[na++] = backArc[cell];
            }
            if (op[cell] == INS || op[cell] == MATCH || op[cell] == SUB) {
                if (nw == words.length) words = Arrays.copyOf(words, nw * 2);
                words[nw++] = lattice.ilabel(backArc[cell]);
            }
            if (op[cell] == NONE) throw new IllegalStateException("broken back-pointer chain");
        }
        int[] hyp = new int[nw];
        for (int i = 0; i < nw; i++) hyp[i] = words[nw - 1 - i];
        int[] path = new int[na];
        for (int i = 0; i < na; i++) path[i] = arcs[na - 1 - i];
        return new Result(hyp, ref, ins, del, sub, cor, path, bestCell / width);
    }

    /** The oracle path as a linear CompactLattice (its arcs and final weight copied from {@code lattice}). */
    public static CompactLattice pathLattice(CompactLattice lattice, Result r) {
        CompactLattice.Builder b = CompactLattice.builder();
        int cur = b.addState();
        b.setStart(cur);
        for (int a : r.arcs()) {
            int next = b.addState();
            b.addArc(cur, lattice.ilabel[a], lattice.olabel[a], lattice.graph[a], lattice.acoustic[a],
                    lattice.strPool, lattice.arcStrStart[a], lattice.stringLength(a), next);
            cur = next;
        }
        int f = r.finalState();
        b.setFinal(cur, lattice.finalGraph[f], lattice.finalAcoustic[f], lattice.finalStrPool, lattice.finalStrStart[f], lattice.finalStringLength(f));
        return b.build();
    }

    private static void relax(int[] cost, int[] backCell, int[] backArc, byte[] op, int cell, int c, int from, int arc, byte how) {
        if (c < cost[cell]) {
            cost[cell] = c;
            backCell[cell] = from;
            backArc[cell] = arc;
            op[cell] = how;
        }
    }

    private static int[] topologicalOrder(CompactLattice lat) {
        int[] newId = TopSort.order(lat);
        if (newId == null) throw new IllegalArgumentException("lattice-oracle needs an acyclic lattice");
        int[] order = new int[newId.length];
        Arrays.fill(order, -1);
        for (int s = 0; s < newId.length; s++) if (newId[s] >= 0) order[newId[s]] = s;
        return order;
    }
}

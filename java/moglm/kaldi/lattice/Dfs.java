package moglm.kaldi.lattice;

/**
 * Depth-first traversal in OpenFst's {@code DfsVisit} order: from the start state first, arcs
 * in stored order, then from every still-unvisited state in increasing id order. Records the
 * pre-order (discovery) sequence, the post-order (finish) sequence and whether a back arc (a
 * cycle) was seen. Kaldi's Factor uses the pre-order, OpenFst's TopSort the reversed post-order.
 */
final class Dfs {
    final int[] preorder;
    final int[] postorder;
    final boolean cyclic;

    private Dfs(int[] preorder, int[] postorder, boolean cyclic) {
        this.preorder = preorder;
        this.postorder = postorder;
        this.cyclic = cyclic;
    }

    static Dfs visit(LatticeBase lat) {
        int n = lat.numStates();
        int[] pre = new int[n], post = new int[n];
        int np = 0, nq = 0;
        if (lat.start() < 0) return new Dfs(new int[0], new int[0], false);
        byte[] color = new byte[n]; // 0 white, 1 grey, 2 black
        int[] stackState = new int[Math.max(16, Math.min(n, 1 << 16))];
        int[] stackArc = new int[stackState.length];
        boolean cyclic = false;
        int root = lat.start();
        while (root < n) {
            int sp = 0;
            stackState[sp] = root;
            stackArc[sp] = lat.arcBegin(root);
            sp++;
            color[root] = 1;
            pre[np++] = root;
            while (sp > 0) {
                int s = stackState[sp - 1];
                int a = stackArc[sp - 1];
                if (a >= lat.arcEnd(s)) {
                    color[s] = 2;
                    post[nq++] = s;
                    sp--;
                    if (sp > 0) stackArc[sp - 1]++;
                    continue;
                }
                int t = lat.nextState(a);
                if (color[t] == 0) {
                    color[t] = 1;
                    pre[np++] = t;
                    if (sp == stackState.length) {
                        stackState = java.util.Arrays.copyOf(stackState, sp * 2);
                        stackArc = java.util.Arrays.copyOf(stackArc, sp * 2);
                    }
                    stackState[sp] = t;
                    stackArc[sp] = lat.arcBegin(t);
                    sp++;
                } else {
                    if (color[t] == 1) cyclic = true;
                    stackArc[sp - 1]++;
                }
            }
            // next root: OpenFst restarts at 0 after the start state's tree, then goes upwards
            int r = root == lat.start() ? 0 : root + 1;
            while (r < n && color[r] != 0) r++;
            root = r;
        }
        return new Dfs(pre, post, cyclic);
    }
}

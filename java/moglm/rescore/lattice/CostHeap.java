package moglm.rescore.lattice;

import java.util.Arrays;

/**
 * Binary min-heap of (cost, state) pairs in two primitive arrays; ties broken by the smaller state
 * id (the order of a {@code std::priority_queue} of pairs with {@code std::greater}).
 */
final class CostHeap {
    private float[] cost = new float[64];
    private int[] state = new int[64];
    private int size;

    int size() { return size; }

    boolean isEmpty() { return size == 0; }

    void clear() { size = 0; }

    float topCost() { return cost[0]; }

    int topState() { return state[0]; }

    private boolean less(int i, int j) {
        return cost[i] < cost[j] || (cost[i] == cost[j] && state[i] < state[j]);
    }

    void push(float c, int s) {
        if (size == cost.length) {
            cost = Arrays.copyOf(cost, 2 * size);
            state = Arrays.copyOf(state, 2 * size);
        }
        int i = size++;
        cost[i] = c;
        state[i] = s;
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (!less(i, p)) break;
            swap(i, p);
            i = p;
        }
    }

    int pop() {
        int top = state[0];
        size--;
        if (size > 0) {
            cost[0] = cost[size];
            state[0] = state[size];
            int i = 0;
            while (true) {
                int l = 2 * i + 1, r = l + 1, m = i;
                if (l < size && less(l, m)) m = l;
                if (r < size && less(r, m)) m = r;
                if (m == i) break;
                swap(i, m);
                i = m;
            }
        }
        return top;
    }

    private void swap(int i, int j) {
        float c = cost[i]; cost[i] = cost[j]; cost[j] = c;
        int s = state[i]; state[i] = state[j]; state[j] = s;
    }
}

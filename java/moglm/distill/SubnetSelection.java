package moglm.distill;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Which sparse sub-networks run beside the dense network in one on-demand training step.
 * <ul>
 * <li>{@code sandwich}: the sparsest level and one level drawn uniformly from the others
 *     (Yu &amp; Huang's "sandwich rule": dense + smallest + a random one);</li>
 * <li>{@code all}: every level;</li>
 * <li>{@code random:K}: K distinct levels drawn uniformly.</li>
 * </ul>
 * The dense network always runs (it is the teacher of online distillation).
 */
public final class SubnetSelection {
    private enum Kind { SANDWICH, ALL, RANDOM }

    private final Kind kind;
    private final int k;

    private SubnetSelection(Kind kind, int k) {
        this.kind = kind;
        this.k = k;
    }

    public static SubnetSelection parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("sandwich")) return new SubnetSelection(Kind.SANDWICH, 0);
        if (t.equals("all")) return new SubnetSelection(Kind.ALL, 0);
        if (t.startsWith("random:")) {
            try {
                int k = Integer.parseInt(t.substring(7));
                if (k > 0) return new SubnetSelection(Kind.RANDOM, k);
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new IllegalArgumentException("--subnets '" + s + "': expected sandwich, all or random:K (K >= 1)");
    }

    /** Level indices (ascending) to run this step, out of {@code levels} levels. */
    public int[] choose(int levels, Random rng) {
        List<Integer> out = new ArrayList<>();
        switch (kind) {
            case ALL -> { for (int i = 0; i < levels; i++) out.add(i); }
            case SANDWICH -> {
                if (levels > 1) out.add(rng.nextInt(levels - 1));
                out.add(levels - 1);
            }
            case RANDOM -> {
                List<Integer> pool = new ArrayList<>();
                for (int i = 0; i < levels; i++) pool.add(i);
                for (int i = 0; i < Math.min(k, levels); i++) out.add(pool.remove(rng.nextInt(pool.size())));
                out.sort(null);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override public String toString() {
        return switch (kind) {
            case SANDWICH -> "sandwich";
            case ALL -> "all";
            case RANDOM -> "random:" + k;
        };
    }
}

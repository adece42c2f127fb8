package moglm.l0;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import moglm.model.ModelConfig;

/**
 * The structures L0 training can put hard-concrete gates on ({@code --l0-structures LIST}):
 * <ul>
 * <li>{@link #UNITS}: one gate per hidden unit of every layer (its four LSTM gate rows);
 * <li>{@link #GATE_ROWS}: one gate per row of {@code layer<l>.lstm.weight} and its bias entry (z = 0
 *     makes that gate's pre-activation 0: i/f/o = 0.5, candidate g = 0);
 * <li>{@link #MOG}: full-rank rounds: one gate per row of {@code layer<l>.mog<i>.weight} and its bias
 *     entry (z = 0 gives the factor 2 sigmoid(0) = 1: that component is not modulated); low-rank
 *     rounds: one gate per rank component c (column c of {@code .left}, row c of {@code .right});
 * <li>{@link #EMBED}: one gate per embedding dimension of an UNTIED model (column j of
 *     {@code embed}; x_j = 0 then, so everything that reads or modulates x_j is removable). In a
 *     tied model embedding dimension j is the top layer's unit j, already gated by {@link #UNITS}.
 * </ul>
 */
public enum Structure {
    UNITS("units"), GATE_ROWS("gate-rows"), MOG("mog"), EMBED("embed");

    private final String option;

    Structure(String option) { this.option = option; }

    public String option() { return option; }

    /** Parses a comma-separated list such as {@code units,gate-rows,mog} (order and repeats do not matter). */
    public static Set<Structure> parse(String list) {
        Set<Structure> out = EnumSet.noneOf(Structure.class);
        if (list == null || list.isBlank()) throw new IllegalArgumentException("--l0-structures: empty list");
        for (String item : list.split(",")) {
            String s = item.trim().toLowerCase(Locale.ROOT);
            Structure found = null;
            for (Structure k : values()) if (k.option.equals(s)) found = k;
            if (found == null) {
                throw new IllegalArgumentException("--l0-structures: unknown structure '" + item.trim()
                        + "' (expected units, gate-rows, mog, embed)");
            }
            out.add(found);
        }
        return out;
    }

    /** The canonical list text of a set (enum order). */
    public static String format(Set<Structure> set) {
        StringJoiner j = new StringJoiner(",");
        for (Structure s : set) j.add(s.option);
        return j.toString();
    }

    /** Refuses sets that make no sense for config c (embed on a tied model, mog without rounds). */
    public static void check(Set<Structure> set, ModelConfig c) {
        if (set.isEmpty()) throw new IllegalArgumentException("--l0-structures: empty list");
        if (set.contains(EMBED) && c.tied()) {
            throw new IllegalArgumentException("--l0-structures=embed needs an untied model: with tied embeddings the embedding"
                    + " dimensions are the top layer's hidden units (gated by 'units')");
        }
        if (set.contains(MOG) && c.rounds() == 0) {
            throw new IllegalArgumentException("--l0-structures=mog needs mogrifier rounds (--rounds > 0)");
        }
    }
}

package moglm.level;

import java.util.EnumSet;
import java.util.Locale;

/**
 * Families of weight matrices that pruning may touch, recognised by the parameter names of
 * {@code moglm.model.MogrifierLM}: {@code layerN.lstm.weight} (LSTM), {@code layerN.mogI.weight}
 * / {@code .left} / {@code .right} (MOGRIFIER), {@code embed} (EMBEDDING), {@code out.weight} (OUTPUT).
 * Biases belong to no family: they are never element-pruned (structured pruning removes the bias
 * rows of a removed unit).
 */
public enum PruneTarget {
    LSTM, MOGRIFIER, EMBEDDING, OUTPUT;

    /** Default for element pruning: every weight matrix (the embedding and softmax hold most of
     *  the parameters of a small LM, so leaving them out would barely shrink the model). */
    public static EnumSet<PruneTarget> defaults() { return EnumSet.allOf(PruneTarget.class); }

    /** The family of a parameter, or null for biases and unknown names. */
    public static PruneTarget of(String paramName) {
        if (paramName.endsWith(".bias")) return null;
        // factored matrices (ModelConfig.lstmRank / embedRank > 0): their left and right factors
        if (paramName.matches("embed(\\.left|\\.right)?")) return EMBEDDING;
        if (paramName.matches("out\\.(weight|left|right)")) return OUTPUT;
        if (paramName.matches("layer\\d+\\.lstm\\.(weight|left|right)")) return LSTM;
        if (paramName.matches("layer\\d+\\.mog\\d+\\.(weight|left|right)")) return MOGRIFIER;
        return null;
    }

    /** Parses {@code lstm,mog,embed,out} (also the enum names, any case). */
    public static EnumSet<PruneTarget> parse(String csv) {
        EnumSet<PruneTarget> set = EnumSet.noneOf(PruneTarget.class);
        for (String p : csv.trim().split("\\s*,\\s*")) {
            switch (p.toLowerCase(Locale.ROOT)) {
                case "lstm" -> set.add(LSTM);
                case "mog", "mogrifier" -> set.add(MOGRIFIER);
                case "embed", "embedding" -> set.add(EMBEDDING);
                case "out", "output", "softmax" -> set.add(OUTPUT);
                case "all" -> set.addAll(EnumSet.allOf(PruneTarget.class));
                default -> throw new IllegalArgumentException(
                        "unknown prune target '" + p + "' (expected lstm, mog, embed, out or all)");
            }
        }
        return set;
    }
}

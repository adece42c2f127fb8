package moglm.level;

/** {@link LevelMasks} over unstructured nested masks: level k installs one flat element mask. */
public record ElementLevelMasks(NestedElementMasks masks) implements LevelMasks {
    @Override public SparsityLevels levels() { return masks.levels(); }
    @Override public String granularity() { return "element"; }

    @Override public void apply(MaskSink sink, int k) {
        sink.clearMasks();
        if (k != SparsityLevels.DENSE) sink.setElementMask(masks.flatMask(k));
    }

    @Override public float[] flatMask(int k) { return masks.flatMask(k); }

    @Override public long keptParams(int k) { return masks.numParams() - masks.removedCount(k); }
}

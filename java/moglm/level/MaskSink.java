package moglm.level;

/**
 * Receiver of masks: the mask setters of {@code moglm.model.MogrifierLM} (adapted by
 * {@link ModelMasks}), or a plain recorder in tests. 1 = keep, 0 = pruned; null = no mask.
 */
public interface MaskSink {
    void clearMasks();
    void setElementMask(float[] flatMaskOrNull);
    void setRowMask(String param, float[] maskOrNull);
    void setColMask(String param, float[] maskOrNull);
}

package moglm.prune;

import moglm.model.MogrifierLM;

/** Public door to {@link TinyModels}' double-precision helpers for tests in other packages. */
public final class TinyModelsAccess {
    private TinyModelsAccess() {}
    public static double[] paramsD(MogrifierLM m) { return TinyModels.paramsD(m); }
    public static double[] gradsD(MogrifierLM m) { return TinyModels.gradsD(m); }
    public static void setParamsD(MogrifierLM m, double[] w) { TinyModels.setParamsD(m, w); }
}

package moglm.train.optim;

/** Makes an optimiser by name: {@code sgd}, {@code adam}, {@code adamw}, {@code rmsprop}. */
public final class OptimizerFactory {
    private OptimizerFactory() {}

    /**
     * @param momentum SGD momentum (0 = plain SGD)
     * @param beta1    Adam beta1
     * @param beta2    Adam beta2 (also RMSProp's decay alpha)
     */
    public static Optimizer create(String name, int numParams, double weightDecay, double momentum,
                                   double beta1, double beta2, double eps) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "sgd" -> new Sgd(numParams, momentum, weightDecay);
            case "adam" -> new Adam(numParams, beta1, beta2, eps, weightDecay, false);
            case "adamw" -> new Adam(numParams, beta1, beta2, eps, weightDecay, true);
            case "rmsprop" -> new RmsProp(numParams, beta2, eps, weightDecay);
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "' (sgd, adam, adamw, rmsprop)");
        };
    }
}

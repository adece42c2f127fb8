/**
 * Optimizers over flat parameter and gradient vectors: {@link moglm.train.optim.Sgd},
 * {@link moglm.train.optim.Adam}, {@link moglm.train.optim.RmsProp}, gradient clipping, and
 * {@link moglm.train.optim.OptimizerFactory} to build one by name.
 *
 * <p>Depends on: nothing in moglm.
 */
package moglm.train.optim;

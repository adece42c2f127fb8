/**
 * Commands on trained models and their smaller versions: {@code info}, {@code export},
 * {@code export-l0}, {@code export-rank}, {@code plot-tradeoff}. Built on {@code moglm.prune},
 * {@code moglm.l0}, {@code moglm.lowrank} and {@code moglm.modelfile}.
 */
package moglm.cli.prune;

package moglm.cli.kaldi;

import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.lattice.LatticeScale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code moglm lattice-scale}: Kaldi's lattice-scale. The scale matrix is
 * {@code [[lm-scale, acoustic2lm-scale], [lm2acoustic-scale, acoustic-scale]]}; options are
 * BaseFloat (float) as in Kaldi, and {@code --inv-acoustic-scale=X} sets the float
 * {@code acoustic-scale = 1.0/X}, so results match Kaldi bit for bit.
 */
@Command(name = "lattice-scale",
        customSynopsis = "moglm lattice-scale [options] <lattice-rspecifier> <lattice-wspecifier>",
        description = {"Apply scaling to lattice weights."},
        footer = {"moglm lattice-scale --lm-scale=0.0 ark:1.lats ark:scaled.lats",
                "moglm lattice-scale --inv-acoustic-scale=12 \"ark:gunzip -c lat.1.gz|\" ark:-"})
public final class LatticeScaleCommand extends LatticeTransformTool {
    @Option(names = "--acoustic-scale", paramLabel = "FLOAT", description = "Scaling factor for acoustic likelihoods.")
    float acousticScale = 1.0f;
    @Option(names = "--inv-acoustic-scale", paramLabel = "FLOAT", description = "An alternative way of setting the acoustic scale: you can set its inverse.")
    float invAcousticScale = 1.0f;
    @Option(names = "--lm-scale", paramLabel = "FLOAT", description = "Scaling factor for graph/lm costs.")
    float lmScale = 1.0f;
    @Option(names = "--acoustic2lm-scale", paramLabel = "FLOAT", description = "Add this times original acoustic costs to LM costs.")
    float acoustic2lmScale = 0.0f;
    @Option(names = "--lm2acoustic-scale", paramLabel = "FLOAT", description = "Add this times original LM costs to acoustic costs.")
    float lm2acousticScale = 0.0f;

    private float effectiveAcousticScale;

    @Override void checkOptions() {
        if (acousticScale != 1.0f && invAcousticScale != 1.0f) {
            throw new IllegalArgumentException("give only one of --acoustic-scale and --inv-acoustic-scale");
        }
        effectiveAcousticScale = invAcousticScale != 1.0f ? (float) (1.0 / invAcousticScale) : acousticScale;
    }

    @Override CompactLattice transform(String key, CompactLattice lat) {
        LatticeScale.scale(lat, lmScale, acoustic2lmScale, lm2acousticScale, effectiveAcousticScale);
        return lat;
    }
}

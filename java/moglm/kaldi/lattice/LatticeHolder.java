package moglm.kaldi.lattice;

import java.io.IOException;
import java.io.OutputStream;
import moglm.kaldi.table.Holder;
import moglm.kaldi.table.KaldiInput;

/**
 * Table entries of type Lattice (Kaldi's {@code LatticeHolder}); a CompactLattice entry is
 * expanded with {@link LatticeConvert#toLattice}. Format detection and layout as in
 * {@link CompactLatticeHolder}.
 */
public final class LatticeHolder implements Holder<Lattice> {
    /** Lossless text floats. */
    public static final LatticeHolder INSTANCE = new LatticeHolder(LatticeText.FloatStyle.SHORTEST);

    private final LatticeText.FloatStyle style;

    /** A holder printing text weights in {@code style}. */
    public LatticeHolder(LatticeText.FloatStyle style) {
        this.style = style;
    }

    @Override public Lattice read(KaldiInput in) throws IOException {
        LatticeBase lat = CompactLatticeHolder.readAny(in);
        return lat instanceof Lattice l ? l : LatticeConvert.toLattice((CompactLattice) lat);
    }

    @Override public void write(OutputStream out, boolean binary, Lattice value) throws IOException {
        if (binary) {
            LatticeBinary.write(out, value);
        } else {
            out.write('\n');
            LatticeText.write(out, value, style);
            out.write('\n');
        }
    }

    @Override public String typeName() {
        return "Lattice";
    }
}

package moglm.kaldi.lattice;

import java.io.IOException;
import java.io.OutputStream;
import moglm.kaldi.table.Holder;
import moglm.kaldi.table.KaldiFormatException;
import moglm.kaldi.table.KaldiInput;

/**
 * Table entries of type CompactLattice (Kaldi's {@code CompactLatticeHolder}), e.g. for
 * {@code new SequentialTableReader<>("ark:gunzip -c lat.1.gz|", CompactLatticeHolder.INSTANCE, log)}.
 *
 * <p>Reading detects the form per entry from its first byte: whitespace (the newline after the
 * key) means text ({@link LatticeText}), 0xD6 means binary ({@link LatticeBinary}); anything else
 * is an error. A Lattice entry (arc type {@code lattice4} or Lattice-shaped text) is converted
 * with {@link LatticeConvert#toCompact}, as Kaldi does.
 *
 * <p>Writing: binary is OpenFst's format; text is {@code "\n"} + the lines + {@code "\n"}, so an
 * archive entry reads {@code key \n0\t1\t...\n\n}, exactly Kaldi's layout. Text weights use
 * {@link LatticeText.FloatStyle#SHORTEST} unless another style is chosen.
 */
public final class CompactLatticeHolder implements Holder<CompactLattice> {
    /** Lossless text floats. */
    public static final CompactLatticeHolder INSTANCE = new CompactLatticeHolder(LatticeText.FloatStyle.SHORTEST);

    private final LatticeText.FloatStyle style;

    /** A holder printing text weights in {@code style}. */
    public CompactLatticeHolder(LatticeText.FloatStyle style) {
        this.style = style;
    }

    @Override public CompactLattice read(KaldiInput in) throws IOException {
        LatticeBase lat = readAny(in);
        return lat instanceof CompactLattice c ? c : LatticeConvert.toCompact((Lattice) lat);
    }

    /** Reads one lattice entry in whichever type it was stored. */
    static LatticeBase readAny(KaldiInput in) throws IOException {
        int c = in.peek();
        if (c == -1) throw new KaldiFormatException(in.where() + ": end of data where a lattice was expected", false);
        if (KaldiInput.isSpace(c)) {
            // consume spaces up to and including the newline that starts the text form
            while (KaldiInput.isSpace(in.peek()) && in.peek() != '\n') in.read();
            if (in.peek() != '\n') {
                throw new KaldiFormatException(in.where() + ": expected a newline before a text lattice", false);
            }
            in.read();
            return LatticeText.read(in);
        }
        if (c != LatticeBinary.MAGIC_FIRST_BYTE) {
            throw new KaldiFormatException(in.where() + ": not a lattice: expected a newline (text) or the FST magic byte 0xD6 (binary), got "
                    + (c >= 0x21 && c < 0x7f ? "'" + (char) c + "'" : String.format("byte 0x%02X", c)), false);
        }
        return LatticeBinary.read(in);
    }

    @Override public void write(OutputStream out, boolean binary, CompactLattice value) throws IOException {
        if (binary) {
            LatticeBinary.write(out, value);
        } else {
            out.write('\n');
            LatticeText.write(out, value, style);
            out.write('\n');
        }
    }

    @Override public String typeName() {
        return "CompactLattice";
    }
}

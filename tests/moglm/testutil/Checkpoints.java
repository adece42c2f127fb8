package moglm.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import moglm.modelfile.ModelFile;
import moglm.modelfile.SectionFile;
import moglm.train.Checkpoint;

/** What the resume tests compare between an interrupted-and-resumed run and an uninterrupted one. */
public final class Checkpoints {
    private Checkpoints() {}

    /** Every parameter of the model in a checkpoint file. */
    public static float[] params(Path checkpoint) throws IOException {
        try (ModelFile.Loaded m = Checkpoint.read(checkpoint).model()) {
            float[] p = new float[(int) m.model().numParams()];
            m.model().getParams(p);
            return p;
        }
    }

    /** The raw bytes of section {@code name} of a checkpoint file. */
    public static byte[] section(Path checkpoint, String name) throws IOException {
        return SectionFile.read(checkpoint, Checkpoint.CODEC).bytes(name);
    }

    /** The metrics lines of a run without the wall-clock fields (elapsed_s, train_s, tokens_per_s). */
    public static List<String> metricsWithoutTimes(Path metrics) throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(metrics)) out.add(l.replaceAll("\"(elapsed_s|train_s|tokens_per_s)\":[0-9.eE+-]+,?", ""));
        return out;
    }
}

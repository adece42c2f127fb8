package moglm.cli.prune;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import moglm.modelfile.ModelFile;
import moglm.modelfile.SectionFile;
import moglm.level.LevelMasks;
import moglm.level.LevelMasksCodec;
import moglm.level.Level;
import moglm.level.LevelLoader;
import moglm.level.ModelMasks;
import moglm.prune.PruneOptions;
import moglm.level.SparsityLevels;
import moglm.testutil.MoglmCli;
import moglm.model.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code moglm export --level=0 --keep-levels}: the dense weights with every level's masks, nothing else changed. */
class ExportKeepLevelsTest {
    @TempDir Path dir;

    @Test void keepsWeightsAndMasks() throws Exception {
        Vocabulary vocab = Vocabulary.fromWords(List.of("a", "b", "c", "d", "e"), "<unk>");
        ModelConfig c = new ModelConfig(vocab.size(), 6, 6, 1, 2, 0, true);
        Path src = dir.resolve("od.mlm");
        float[] params;
        try (MogrifierLM m = new MogrifierLM(c, Precision.FLOAT)) {
            m.initRandom(9);
            params = new float[(int) m.numParams()];
            m.getParams(params);
            SparsityLevels lv = SparsityLevels.parse("0.5,0.75");
            LevelMasks masks = PruneOptions.defaults(lv).build(lv.toArray(), ModelMasks.tensors(m), ModelMasks.architecture(c), ModelMasks.magnitude(m));
            moglm.modelfile.ModelFile.writer(moglm.modelfile.ModelFile.CODEC, m, vocab, Map.of()).bytes(moglm.level.LevelMasksCodec.SECTION, moglm.level.LevelMasksCodec.toBytes(masks)).write(src);
        }
        Path out = dir.resolve("copy.mlm");
        MoglmCli.run(0, "export", "--level=0", "--keep-levels", "-o", out.toString(), src.toString());
        assertArrayEquals(SectionFile.read(src, null).bytes(LevelMasksCodec.SECTION), SectionFile.read(out, null).bytes(LevelMasksCodec.SECTION));
        try (ModelFile.Loaded l = ModelFile.read(out)) {
            float[] p = new float[params.length];
            l.model().getParams(p);
            assertArrayEquals(params, p);
        }
        String err = MoglmCli.run(1, "export", "--level=0.5", "--keep-levels", "-o", dir.resolve("x.mlm").toString(), src.toString());
        assertTrue(err.contains("--keep-levels needs --level=0"), err);
    }
}

package moglm.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TensorNames} names exactly the tensors the native layout creates, in its order. */
class TensorNamesTest {
    static List<String> expected(ModelConfig c) {
        List<String> n = new ArrayList<>();
        if (c.embedRank() == 0) n.add(TensorNames.EMBED);
        else { n.add(TensorNames.EMBED + "." + TensorNames.LEFT); n.add(TensorNames.EMBED + "." + TensorNames.RIGHT); }
        for (int l = 0; l < c.layers(); l++) {
            if (c.lstmRank() == 0) n.add(TensorNames.lstmWeight(l));
            else { n.add(TensorNames.lstm(l, TensorNames.LEFT)); n.add(TensorNames.lstm(l, TensorNames.RIGHT)); }
            n.add(TensorNames.lstmBias(l));
            for (int i = 1; i <= c.rounds(); i++) {
                if (c.rank() == 0) n.add(TensorNames.mog(l, i, TensorNames.WEIGHT));
                else { n.add(TensorNames.mog(l, i, TensorNames.LEFT)); n.add(TensorNames.mog(l, i, TensorNames.RIGHT)); }
                n.add(TensorNames.mog(l, i, TensorNames.BIAS));
            }
        }
        if (!c.tied() && c.embedRank() == 0) n.add(TensorNames.OUT_WEIGHT);
        else if (!c.tied()) { n.add(TensorNames.OUT + "." + TensorNames.LEFT); n.add(TensorNames.OUT + "." + TensorNames.RIGHT); }
        n.add(TensorNames.OUT_BIAS);
        return n;
    }

    @Test void namesMatchTheNativeLayout() {
        for (ModelConfig c : List.of(new ModelConfig(11, 4, 5, 2, 3, 0, false), new ModelConfig(11, 6, 6, 1, 2, 0, true),
                new ModelConfig(11, 4, 5, 2, 2, 2, false).withRanks(2, 3, 2))) {
            try (MogrifierLM m = new MogrifierLM(c, Precision.FLOAT)) {
                List<String> got = m.params().stream().map(ParamSpec::name).toList();
                assertEquals(expected(c), got, c.toString());
                for (FactorableMatrix f : FactorableMatrix.of(c)) {
                    for (String name : f.names(c)) assertTrue(got.contains(name), name + " of " + f);
                }
            }
        }
    }
}

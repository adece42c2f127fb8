package moglm.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import moglm.model.Vocabulary;
import org.junit.jupiter.api.Test;

class VocabularyBuilderTest {
    @Test void builderKeepsTopNWithDeterministicTies() {
        VocabularyBuilder b = new VocabularyBuilder();
        b.addLine("c c c b b a a d", TextFormat.PLAIN);
        b.addLine("utt1 e e e e", TextFormat.KALDI);
        assertEquals(0, b.count("utt1"));
        // counts: e4 c3 b2 a2 d1 -> top 3 = e, c, and the tie b/a resolved to a
        Vocabulary v = b.build(3, "<unk>");
        assertEquals(List.of("</s>", "<unk>", "a", "c", "e"),
                List.of(v.word(0), v.word(1), v.word(2), v.word(3), v.word(4)));
        assertEquals(-1, v.modelIndex("b"));
    }

}

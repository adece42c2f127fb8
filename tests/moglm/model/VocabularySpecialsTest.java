package moglm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The model index space of {@link Vocabulary} (which looks at the Strings of symbols starting
 * with {@code <} or {@code #} only) against the definition: {@code </s>} then every symbol that
 * {@link Vocabulary#isRealWord} accepts, in id order, on random tables full of special symbols
 * and look-alikes.
 */
class VocabularySpecialsTest {
    private static final String[] SYMBOLS = {"<eps>", "<s>", "</s>", "<brk>", "#0", "#1", "#12", "#\u0663", "#", "#x", "#0a",
        "<unk>", "<UNK>", "<", "<s", "<eps", "</s>x", "a", "the", "naïve", "日本", "x#0", "a<s>", "<brk>>", "#\uD835\uDFCE"};

    @Test void modelIndicesFollowTheDefinition() {
        Random r = new Random(3);
        for (int t = 0; t < 2000; t++) {
            List<String> symbols = new ArrayList<>(List.of(SYMBOLS));
            Collections.shuffle(symbols, r);
            symbols = new ArrayList<>(symbols.subList(0, 1 + r.nextInt(symbols.size())));
            if (!symbols.contains("</s>")) symbols.add("</s>");
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < symbols.size(); i++) ids.add(3 * i + r.nextInt(3) + (r.nextInt(5) == 0 ? 20_000_000 : 0));   // distinct
            Collections.shuffle(ids, r);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < symbols.size(); i++) text.append(symbols.get(i)).append(' ').append(ids.get(i)).append('\n');
            Vocabulary v = Vocabulary.parseKaldi(text.toString().getBytes(StandardCharsets.UTF_8), null, "w.txt");
            List<Integer> sorted = new ArrayList<>(ids);
            Collections.sort(sorted);
            List<Integer> want = new ArrayList<>();
            want.add(ids.get(symbols.indexOf("</s>")));
            for (int id : sorted) if (Vocabulary.isRealWord(symbols.get(ids.indexOf(id)))) want.add(id);
            List<Integer> got = new ArrayList<>();
            for (int m = 0; m < v.size(); m++) got.add(v.kaldiIdOfModelIndex(m));
            assertEquals(want, got, text.toString());
            for (int m = 0; m < v.size(); m++) assertEquals(m, v.outputIndexOfKaldiId(want.get(m)));
            assertEquals(v, Vocabulary.parseKaldi(text.toString(), null, "w.txt"));
        }
    }
}

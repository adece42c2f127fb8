package moglm.kaldi;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The words.txt comparison of the rescoring drop-ins: id by id, a trailing model-only <brk> allowed. */
class SymbolTableDiffTest {
    static final List<String> LANG = List.of("<eps>", "a", "b", "#0", "<s>", "</s>");

    @Test void sameTablesAndAModelOnlyBrkAgree() {
        assertNull(SymbolTableDiff.firstDifference(SymbolTable.of(LANG), SymbolTable.of(LANG)));
        List<String> withBrk = new java.util.ArrayList<>(LANG);
        withBrk.add("<brk>");
        assertNull(SymbolTableDiff.firstDifference(SymbolTable.of(LANG), SymbolTable.of(withBrk)));
    }

    @Test void theFirstDifferingIdIsNamed() {
        String d = SymbolTableDiff.firstDifference(SymbolTable.of(LANG), SymbolTable.of(List.of("<eps>", "a", "c", "#0", "<s>", "</s>")));
        assertTrue(d.startsWith("word lists differ at id 2: ") && d.contains("'b'") && d.contains("'c'"), d);
        d = SymbolTableDiff.firstDifference(SymbolTable.of(LANG), SymbolTable.of(LANG.subList(0, 5)));
        assertTrue(d.startsWith("word lists differ at id 5: ") && d.contains("no symbol"), d);
        // a <brk> the lang has but the model lacks is a difference
        List<String> langBrk = new java.util.ArrayList<>(LANG);
        langBrk.add("<brk>");
        assertNotNull(SymbolTableDiff.firstDifference(SymbolTable.of(langBrk), SymbolTable.of(LANG)));
    }
}

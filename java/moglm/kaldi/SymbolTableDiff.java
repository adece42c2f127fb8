package moglm.kaldi;

/**
 * Compares two word symbol tables id by id, as Kaldi's rescoring scripts compare the old lang's
 * {@code words.txt} with the neural LM's word list: lattices carry word ids, so the old LM, the
 * lattices and the model must agree on every {@code symbol id} pair. A {@code <brk>} symbol that
 * only the model's table has is allowed (Kaldi's rnnlm scripts append it to the lang's list).
 */
public final class SymbolTableDiff {
    private SymbolTableDiff() {}

    /**
     * The first difference in id order, described for a user, or null when the tables agree.
     *
     * @param lang  the lang directory's table (e.g. {@code data/lang_test/words.txt})
     * @param model the model's table
     */
    public static String firstDifference(SymbolTable lang, SymbolTable model) {
        int last = Math.max(lang.maxId(), model.maxId());
        for (int id = 0; id <= last; id++) {
            String a = lang.symbol(id), b = model.symbol(id);
            if (a == null && "<brk>".equals(b)) continue;
            if (a == null ? b == null : a.equals(b)) continue;
            return "word lists differ at id " + id + ": " + lang.name() + " has " + describe(a) + ", "
                    + model.name() + " has " + describe(b) + " (" + lang.size() + " vs " + model.size()
                    + " symbols); the lattices, the old LM and the model must use the same words.txt";
        }
        return null;
    }

    private static String describe(String symbol) {
        return symbol == null ? "no symbol" : "'" + symbol + "'";
    }
}

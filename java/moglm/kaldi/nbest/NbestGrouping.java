package moglm.kaldi.nbest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups entries keyed {@code <utt>-<k>} into per-utterance lists: utterances in order of first
 * appearance, hypotheses sorted by rank (so a lexicographically sorted file, where utt-10 comes
 * before utt-2, groups correctly). A repeated key is an error.
 */
final class NbestGrouping {
    private NbestGrouping() {}

    static List<UtteranceNbest> group(List<String> keys, List<NbestHyp> hyps, String source) {
        Map<String, List<NbestHyp>> byUtt = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            NbestKey k = NbestKey.parse(keys.get(i));
            byUtt.computeIfAbsent(k.utterance(), u -> new ArrayList<>()).add(hyps.get(i));
        }
        List<UtteranceNbest> out = new ArrayList<>(byUtt.size());
        for (Map.Entry<String, List<NbestHyp>> e : byUtt.entrySet()) {
            List<NbestHyp> l = e.getValue();
            l.sort(Comparator.comparingInt(NbestHyp::rank));
            for (int i = 1; i < l.size(); i++) {
                if (l.get(i).rank() == l.get(i - 1).rank()) {
                    throw new IllegalArgumentException(source + ": duplicate key " + e.getKey() + "-" + l.get(i).rank());
                }
            }
            out.add(new UtteranceNbest(e.getKey(), List.copyOf(l)));
        }
        return out;
    }
}

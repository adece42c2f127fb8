package moglm.kaldi.nbest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups entries keyed {@code <utt>-<k>} into per-utterance lists: utterances in order of first
 * appearance, hypotheses sorted by rank (so a lexicographically sorted file, where utt-10 comes
 * before utt-2, groups correctly). Two entries with the same utterance and rank (a repeated key,
 * or keys such as {@code u1-1} and {@code u1-01}) are both skipped and reported in {@code errors}:
 * neither can be told to be the right one, and one bad entry must not stop the rest.
 */
final class NbestGrouping {
    private NbestGrouping() {}

    static List<UtteranceNbest> group(List<String> keys, List<NbestHyp> hyps, String source, List<String> errors) {
        Map<String, List<NbestHyp>> byUtt = new LinkedHashMap<>();
        Map<String, List<String>> keysOf = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            NbestKey k = NbestKey.parse(keys.get(i));
            byUtt.computeIfAbsent(k.utterance(), u -> new ArrayList<>()).add(hyps.get(i));
            keysOf.computeIfAbsent(k.utterance() + "\u0000" + k.rank(), u -> new ArrayList<>()).add(keys.get(i));
        }
        List<UtteranceNbest> out = new ArrayList<>(byUtt.size());
        for (Map.Entry<String, List<NbestHyp>> e : byUtt.entrySet()) {
            List<NbestHyp> l = new ArrayList<>(e.getValue());
            l.sort(Comparator.comparingInt(NbestHyp::rank));
            List<NbestHyp> kept = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); ) {
                int j = i + 1;
                while (j < l.size() && l.get(j).rank() == l.get(i).rank()) j++;
                if (j - i == 1) {
                    kept.add(l.get(i));
                } else {
                    errors.add(source + ": utterance " + e.getKey() + " has " + (j - i) + " entries of rank " + l.get(i).rank()
                            + " (keys " + String.join(", ", keysOf.get(e.getKey() + "\u0000" + l.get(i).rank()))
                            + "); these hypotheses skipped");
                }
                i = j;
            }
            if (!kept.isEmpty()) out.add(new UtteranceNbest(e.getKey(), List.copyOf(kept)));
        }
        return out;
    }
}

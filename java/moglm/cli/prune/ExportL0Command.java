package moglm.cli.prune;

import moglm.cli.common.MoglmCommand;
import moglm.cli.common.ThreadsOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import moglm.l0.L0Export;
import moglm.l0.L0Hook;
import moglm.l0.Structure;
import moglm.l0.StructureGates;
import moglm.l0.StructuredL0Export;
import moglm.l0.UnitGates;
import moglm.model.MogrifierLM;
import moglm.modelfile.ModelFile;
import moglm.prune.LevelExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code moglm export-l0}: the deterministic gated model of L0 training as a smaller dense model. */
@Command(name = "export-l0", sortOptions = false,
        customSynopsis = "moglm export-l0 [options] -o <out.mlm> <model>",
        description = {
            "Write the deterministic model of L0 training (moglm train --granularity l0 --target-size S) as a smaller model.",
            "Hidden-unit gates: per layer the units with the largest log_alpha are kept (as many as the gates expect to keep,"
                + " the same number in every layer), their gate values are folded into the weights and the others are removed:"
                + " a physically smaller dense model for every scoring command.",
            "Gates on --l0-structures (gate rows, mogrifier rows / rank components, embedding dimensions): the deterministic"
                + " gates are folded in, closed units (the same number per layer) and, untied, closed embedding dimensions are"
                + " dropped, every other closed structure is zeroed and the file is written in sparse storage; the printed line"
                + " gives the non-zero parameter count."},
        footer = {"moglm export-l0 -o exp/l0/small.mlm exp/l0/final.mlm"})
public final class ExportL0Command extends MoglmCommand {
    @Mixin ThreadsOption threads = new ThreadsOption();
    @Parameters(index = "0", paramLabel = "<model>") Path model;
    @Option(names = {"-o", "--output"}, required = true, paramLabel = "<out.mlm>", description = "The model file to write.") Path out;
    @Option(names = "--keep", description = "Units to keep per layer (default: the gates' expected count).") Integer keep;

    @Override protected int run() throws Exception {
        threads.apply();
        try (ModelFile.Loaded m = ModelFile.read(model)) {
            if (m.file().has(L0Hook.STRUCTURE_GATES_SECTION)) return exportStructures(m);
            if (!m.file().has(L0Hook.GATES_SECTION)) {
                throw new IllegalArgumentException(model + " has no L0 gates (section " + L0Hook.GATES_SECTION
                        + "); train it with --granularity l0 --target-size S");
            }
            UnitGates gates = UnitGates.fromBytes(m.model().config(), m.file().bytes(L0Hook.GATES_SECTION), model.toString());
            int k = keep != null ? keep : gates.deterministicKeep();
            if (k < 1 || k > gates.units()) throw new IllegalArgumentException("--keep must be in 1.." + gates.units() + ", got " + k);
            Map<String, String> info = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : m.config().entrySet()) {
                if (!LevelExport.ARCH_KEYS.contains(e.getKey())) info.put(e.getKey(), e.getValue());
            }
            info.put("exported_from", model.toString());
            info.put("exported_l0_keep", Integer.toString(k));
            try (MogrifierLM small = L0Export.export(m.model(), gates, k)) {
                ModelFile.write(out, small, m.vocabulary(), info);
                System.out.printf(Locale.ROOT, "%s: L0 deterministic model, %d of %d units per layer -> %s: %d parameters (%.1f%% of %d), %d bytes%n",
                        model, k, gates.units(), out, small.numParams(), 100.0 * small.numParams() / m.model().numParams(),
                        m.model().numParams(), Files.size(out));
            }
        }
        return 0;
    }

    /** Gates of --l0-structures: deterministic gates folded in, closed units/dims dropped, the other closed structures zeroed, sparse storage. */
    private int exportStructures(ModelFile.Loaded m) throws Exception {
        if (keep != null) {
            throw new IllegalArgumentException("--keep applies to hidden-unit gates alone; " + model + " has gates on --l0-structures");
        }
        StructureGates gates = StructureGates.fromBytes(m.model().config(), m.file().bytes(L0Hook.STRUCTURE_GATES_SECTION), model.toString());
        Map<String, String> info = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : m.config().entrySet()) {
            if (!LevelExport.ARCH_KEYS.contains(e.getKey())) info.put(e.getKey(), e.getValue());
        }
        info.put("exported_from", model.toString());
        info.put("exported_l0_structures", Structure.format(gates.map().structures()));
        StructuredL0Export.Result r = StructuredL0Export.export(m.model(), gates);
        try (MogrifierLM small = r.model()) {
            ModelFile.writeSparse(out, small, m.vocabulary(), info);
            long nonZero = LevelExport.nonZero(small);
            System.out.printf(Locale.ROOT, "%s: L0 deterministic model on %s -> %s: hidden %d, embed %d (%d units per layer and %d embedding"
                            + " dims dropped), %d parameters, %d non-zero (%.1f%% of %d), %d bytes%n",
                    model, Structure.format(gates.map().structures()), out, small.config().hiddenSize(), small.config().embedSize(),
                    r.removedUnits(), r.removedEmbedDims(), small.numParams(), nonZero, 100.0 * nonZero / m.model().numParams(),
                    m.model().numParams(), Files.size(out));
        }
        return 0;
    }
}

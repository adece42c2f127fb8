package moglm.cli.prune;

import moglm.cli.common.MoglmCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import moglm.prune.TradeoffPlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code moglm plot-tradeoff}: PNG of perplexity (or WER, speed...) against parameter count (or other columns) from a results table. */
@Command(name = "plot-tradeoff", sortOptions = false,
        customSynopsis = "moglm plot-tradeoff [options] <results.tsv> <out.png>",
        description = {
            "Plot perplexity (or another column, --y) against non-zero parameters (or other columns, --x: one panel each,"
                + " side by side in one PNG), one line per series.",
            "The input is a tab-separated table with a header naming the --x, --y and --series columns (as written by"
                + " recipes/ptb/on_demand.sh, compare_methods.sh and recipes/ljspeech/run.sh). --hline draws a horizontal"
                + " reference line (e.g. a baseline) on every panel."},
        footer = {"moglm plot-tradeoff recipes/ptb/exp/on_demand/results.tsv ppl_vs_params.png",
                "moglm plot-tradeoff --y=tokens_per_s results.tsv speed_vs_params.png",
                "moglm plot-tradeoff --series=method --y=lat_wer --x=nonzero,lat_rtf_cpu --hline='31.07:best path' results.tsv wer.png"})
public final class PlotTradeoffCommand extends MoglmCommand {
    @Parameters(index = "0", paramLabel = "<results.tsv>") Path table;
    @Parameters(index = "1", paramLabel = "<out.png>") Path out;
    @Option(names = "--title", description = "Chart title.") String title = "perplexity vs parameters";
    @Option(names = "--y", description = "Column on the y axis.") String y = "test_ppl";
    @Option(names = "--x", split = ",", description = "Columns on the x axis, one panel each. Default nonzero.")
    List<String> xColumns = List.of("nonzero");
    @Option(names = "--series", split = ",", description = "Columns whose values name a series (one line each). Default arch,method.")
    List<String> seriesColumns = List.of("arch", "method");
    @Option(names = "--hline", paramLabel = "Y:LABEL", description = "Horizontal reference line at Y named LABEL (repeatable).")
    List<String> hlines = new ArrayList<>();

    @Override protected int run() throws Exception {
        List<String> lines = Files.readAllLines(table);
        if (lines.isEmpty()) throw new IllegalArgumentException(table + ": empty table");
        List<String> header = List.of(lines.get(0).split("\t"));
        int iy = col(header, y);
        int[] is = seriesColumns.stream().mapToInt(c -> col(header, c)).toArray();
        List<TradeoffPlot.Panel> panels = new ArrayList<>();
        for (String xc : xColumns) {
            int ix = col(header, xc);
            Map<String, List<double[]>> series = new LinkedHashMap<>();
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) continue;
                String[] f = lines.get(i).split("\t", -1);
                if (f.length < header.size()) throw new IllegalArgumentException(table + " line " + (i + 1) + ": expected "
                        + header.size() + " tab-separated fields, got " + f.length);
                try {
                    StringBuilder name = new StringBuilder();
                    for (int c : is) name.append(name.length() == 0 ? "" : " ").append(f[c]);
                    series.computeIfAbsent(name.toString(), k -> new ArrayList<>())
                            .add(new double[] {Double.parseDouble(f[ix]), Double.parseDouble(f[iy])});
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(table + " line " + (i + 1) + ": not a number: " + e.getMessage());
                }
            }
            panels.add(new TradeoffPlot.Panel(xc.equals("nonzero") ? "non-zero parameters" : xc.replace('_', ' '), series));
        }
        List<TradeoffPlot.HLine> refs = new ArrayList<>();
        for (String h : hlines) {
            int c = h.indexOf(':');
            try {
                refs.add(new TradeoffPlot.HLine(Double.parseDouble(c < 0 ? h : h.substring(0, c)), c < 0 ? h : h.substring(c + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--hline: expected Y:LABEL with a number Y, got '" + h + "'");
            }
        }
        TradeoffPlot.write(out, title, y.equals("test_ppl") ? "test perplexity" : y.replace('_', ' '), panels, refs);
        System.out.println("wrote " + out + " (" + panels.size() + " panel(s), " + panels.get(0).series().size() + " series)");
        return 0;
    }

    private int col(List<String> header, String name) {
        int i = header.indexOf(name);
        if (i < 0) throw new IllegalArgumentException(table + ": header lacks column '" + name + "' (has " + header + ")");
        return i;
    }
}

package moglm.prune;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import moglm.util.AtomicFile;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG line chart (XChart) of perplexity against parameter count, one series per method. */
public final class TradeoffPlot {
    private TradeoffPlot() {}

    /** @param series name -> points {params, perplexity}; each series is drawn sorted by params */
    public static void write(Path png, String title, Map<String, List<double[]>> series) throws IOException {
        write(png, title, "test perplexity", series);
    }

    /** @param series name -> points {params, y}; each series is drawn sorted by params */
    public static void write(Path png, String title, String yTitle, Map<String, List<double[]>> series) throws IOException {
        XYChart chart = new XYChartBuilder().width(960).height(600).title(title)
                .xAxisTitle("non-zero parameters").yAxisTitle(yTitle).build();
        chart.getStyler().setMarkerSize(7);
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            List<double[]> pts = e.getValue().stream().sorted(Comparator.comparingDouble(p -> p[0])).toList();
            double[] x = pts.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = pts.stream().mapToDouble(p -> p[1]).toArray();
            var s = chart.addSeries(e.getKey(), x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(chart, bytes, BitmapEncoder.BitmapFormat.PNG);
        AtomicFile.write(png, bytes.toByteArray());
    }
}

package moglm.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import moglm.util.AtomicFile;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG plot (XChart) of train and valid perplexity against training tokens seen, log-scale y. */
public final class PerplexityPlot {
    private PerplexityPlot() {}

    public static void write(Path png, String title, List<Double> tokens, List<Double> trainPpl,
                             List<Double> validTokens, List<Double> validPpl) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title)
                .xAxisTitle("training tokens seen").yAxisTitle("perplexity").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        if (!tokens.isEmpty()) {
            XYSeries s = chart.addSeries("train", tokens, trainPpl);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        if (!validTokens.isEmpty()) {
            XYSeries s = chart.addSeries("valid", validTokens, validPpl);
            s.setMarker(SeriesMarkers.DIAMOND);
        }
        if (tokens.isEmpty() && validTokens.isEmpty()) return;
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFile.write(png, bytes);
    }
}

package moglm.prune;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import moglm.util.AtomicFile;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG line charts (XChart) of perplexity, WER or speed against parameter count or another
 * quantity, one series per method; several panels (one per x quantity) side by side in one PNG.
 */
public final class TradeoffPlot {
    private TradeoffPlot() {}

    /** One panel: its x-axis title and the series, name -> points {x, y}. */
    public record Panel(String xTitle, Map<String, List<double[]>> series) {}

    /** A horizontal reference line across every panel (e.g. a baseline WER). */
    public record HLine(double y, String label) {}

    /** @param series name -> points {params, perplexity}; each series is drawn sorted by params */
    public static void write(Path png, String title, Map<String, List<double[]>> series) throws IOException {
        write(png, title, "test perplexity", series);
    }

    /** @param series name -> points {params, y}; each series is drawn sorted by params */
    public static void write(Path png, String title, String yTitle, Map<String, List<double[]>> series) throws IOException {
        write(png, title, yTitle, List.of(new Panel("non-zero parameters", series)), List.of());
    }

    /** Panels side by side, each 960 x 600 (the title on every panel), reference lines on each. */
    public static void write(Path png, String title, String yTitle, List<Panel> panels, List<HLine> hlines) throws IOException {
        if (panels.isEmpty()) throw new IllegalArgumentException("no panel to plot");
        int w = panels.size() == 1 ? 960 : 720, h = 600;
        BufferedImage all = new BufferedImage(w * panels.size(), h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        try {
            for (int i = 0; i < panels.size(); i++) {
                Panel p = panels.get(i);
                XYChart chart = new XYChartBuilder().width(w).height(h).title(title)
                        .xAxisTitle(p.xTitle()).yAxisTitle(yTitle).build();
                chart.getStyler().setMarkerSize(7);
                if (panels.size() > 1) chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
                double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
                for (Map.Entry<String, List<double[]>> e : p.series().entrySet()) {
                    List<double[]> pts = e.getValue().stream().sorted(Comparator.comparingDouble(q -> q[0])).toList();
                    double[] x = pts.stream().mapToDouble(q -> q[0]).toArray();
                    double[] y = pts.stream().mapToDouble(q -> q[1]).toArray();
                    for (double v : x) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
                    chart.addSeries(e.getKey(), x, y).setMarker(SeriesMarkers.CIRCLE);
                }
                if (lo <= hi) {
                    for (HLine l : hlines) {
                        XYSeries s = chart.addSeries(l.label(), new double[] {lo, hi}, new double[] {l.y(), l.y()});
                        s.setMarker(SeriesMarkers.NONE);
                    }
                }
                g.drawImage(BitmapEncoder.getBufferedImage(chart), i * w, 0, null);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(all, "png", bytes);
        AtomicFile.write(png, bytes.toByteArray());
    }
}

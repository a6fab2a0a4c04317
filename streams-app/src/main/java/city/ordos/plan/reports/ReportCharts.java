package city.ordos.plan.reports;

import city.ordos.plan.avro.DispatchReport;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.avro.ReportGoal;
import city.ordos.plan.export.Labels;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Paint;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/** The report's charts (JFreeChart, drawn with the CJK font): goals by status, and the goals behind. */
public final class ReportCharts {

    public static final int WIDTH = 800;
    public static final int HEIGHT = 400;
    /** Goals shown in the chart of goals behind (the worst first). */
    static final int LAGGING_SHOWN = 15;

    private final Font font;

    public ReportCharts(Font font) {
        this.font = font;
    }

    /**
     * Loads {@code path} or {@code path,index} (a face of a .ttc collection) as an AWT font.
     *
     * @throws ReportFontException when the file is missing or not a font
     */
    public static Font loadFont(String spec) {
        int comma = spec.lastIndexOf(',');
        String path = comma > 0 && spec.substring(comma + 1).matches("\\d+") ? spec.substring(0, comma) : spec;
        int index = path.equals(spec) ? 0 : Integer.parseInt(spec.substring(comma + 1));
        try {
            Font[] faces = Font.createFonts(new File(path));
            if (index >= faces.length) {
                throw new ReportFontException(path + " has " + faces.length + " faces, not " + (index + 1), null);
            }
            return faces[index];
        } catch (IOException | FontFormatException e) {
            throw new ReportFontException(
                    "cannot load the report font " + spec + " (install Debian's fonts-noto-cjk or set "
                            + ReportSettings.FONT + "): " + e.getMessage(),
                    e);
        }
    }

    public byte[] statusChart(DispatchReport r, Labels l) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        Map<GoalStatus, Integer> n = ReportBuilder.countByStatus(r.getGoals());
        n.forEach((s, count) -> data.addValue(count, l.get("report.count"), l.get(s.name())));
        JFreeChart chart = ChartFactory.createBarChart(
                l.get("report.chart.status"),
                null,
                l.get("report.count"),
                data,
                PlotOrientation.VERTICAL,
                false,
                false,
                false);
        theme().apply(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        List<GoalStatus> order = List.copyOf(n.keySet());
        BarRenderer bars = new BarRenderer() {
            @Override
            public Paint getItemPaint(int row, int column) {
                return color(Labels.rgb(order.get(column).name()));
            }
        };
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setDefaultOutlinePaint(Color.GRAY);
        bars.setDrawBarOutline(true);
        plot.setRenderer(bars);
        return png(chart);
    }

    public byte[] laggingChart(DispatchReport r, Labels l) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<ReportGoal> lagging = ReportBuilder.lagging(r);
        for (ReportGoal g : lagging.subList(0, Math.min(LAGGING_SHOWN, lagging.size()))) {
            String name = l.pick(g.getNameZh(), g.getNameEn());
            String label = name.length() > 14 ? name.substring(0, 14) + "…" : name;
            double target = g.getTarget().doubleValue();
            data.addValue(
                    g.getProgressRatio() == null ? 0 : g.getProgressRatio() * 100, l.get("report.chart.actual"), label);
            data.addValue(
                    g.getExpected() == null || target == 0 ? 0 : g.getExpected().doubleValue() / target * 100,
                    l.get("report.chart.expected"),
                    label);
        }
        JFreeChart chart = ChartFactory.createBarChart(
                l.get("report.chart.lagging"), null, "%", data, PlotOrientation.HORIZONTAL, true, false, false);
        theme().apply(chart);
        BarRenderer bars = (BarRenderer) chart.getCategoryPlot().getRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setSeriesPaint(0, color(Labels.rgb(GoalStatus.BEHIND.name())).darker());
        bars.setSeriesPaint(1, new Color(0x8A, 0xA0, 0xBD));
        return png(chart);
    }

    private StandardChartTheme theme() {
        StandardChartTheme theme = new StandardChartTheme("ordos");
        theme.setExtraLargeFont(font.deriveFont(Font.BOLD, 18f));
        theme.setLargeFont(font.deriveFont(14f));
        theme.setRegularFont(font.deriveFont(12f));
        theme.setSmallFont(font.deriveFont(10f));
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        theme.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        return theme;
    }

    private static byte[] png(JFreeChart chart) {
        BufferedImage image = chart.createBufferedImage(WIDTH, HEIGHT);
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Color color(String rgb) {
        return new Color(Integer.parseInt(rgb, 16));
    }

    /** The CJK font the report needs is not there: the PDF cannot be made (the workbook can). */
    public static final class ReportFontException extends RuntimeException {
        public ReportFontException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

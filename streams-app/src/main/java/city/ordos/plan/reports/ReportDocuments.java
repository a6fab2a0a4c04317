package city.ordos.plan.reports;

import city.ordos.plan.avro.DispatchReport;
import city.ordos.plan.export.Labels;
import city.ordos.plan.export.Spreadsheet;
import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.ColumnText;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfPageEventHelper;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A dispatch report as files: the workbook (every table on its own sheet, the charts on the
 * overview) and the printable PDF (A4 landscape, the CJK font embedded, the same tables and
 * charts). Both from the report record alone, so the same report gives the same content.
 */
public final class ReportDocuments {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private final String fontSpec;
    private volatile BaseFont pdfFont;
    private volatile ReportCharts charts;

    /** @param fontSpec the CJK font ({@link ReportSettings#font()}), loaded when first needed */
    public ReportDocuments(String fontSpec) {
        this.fontSpec = fontSpec;
    }

    public List<Spreadsheet.Table> tables(DispatchReport r, Labels l) {
        return List.of(
                ReportTables.overview(r, l)
                        .withImages(List.of(charts().statusChart(r, l), charts().laggingChart(r, l))),
                ReportTables.goals(r, l),
                ReportTables.statusChanges(r, l),
                ReportTables.alerts(r, l, false),
                ReportTables.alerts(r, l, true),
                ReportTables.restatements(r, l),
                ReportTables.lagging(r, l),
                ReportTables.counties(r, l),
                ReportTables.departments(r, l));
    }

    public byte[] workbook(DispatchReport r, Labels l) {
        return Spreadsheet.write(tables(r, l));
    }

    public byte[] pdf(DispatchReport r, Labels l) {
        BaseFont font = pdfFont();
        ReportCharts charts = charts();
        Font title = new Font(font, 16, Font.BOLD);
        Font heading = new Font(font, 12.5f, Font.BOLD);
        Font sub = new Font(font, 10.5f, Font.BOLD);
        Font text = new Font(font, 9);
        Font small = new Font(font, 7.5f);
        Document doc = new Document(PageSize.A4.rotate(), 36, 36, 36, 42);
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PdfWriter writer = PdfWriter.getInstance(doc, out);
            writer.setPageEvent(new PageNumbers(l, small));
            doc.addTitle(ReportTables.title(r, l));
            doc.addSubject(r.getReportId());
            doc.addCreator("Ordos 2025 plan monitor");
            doc.open();
            Paragraph head = new Paragraph(ReportTables.title(r, l), title);
            head.setAlignment(Element.ALIGN_CENTER);
            head.setSpacingAfter(8);
            doc.add(head);
            for (String line : ReportTables.meta(r, l)) {
                doc.add(new Paragraph(line, text));
            }

            section(doc, l.get("report.s1"), heading);
            doc.add(table(ReportTables.overview(r, l), text, 0.35f));
            doc.add(chart(charts.statusChart(r, l)));

            section(doc, l.get("report.s2"), heading);
            doc.add(table(ReportTables.goals(r, l), small, 1f));

            section(doc, l.get("report.s3"), heading);
            for (Spreadsheet.Table t : List.of(
                    ReportTables.statusChanges(r, l),
                    ReportTables.alerts(r, l, false),
                    ReportTables.alerts(r, l, true),
                    ReportTables.restatements(r, l))) {
                Paragraph p = new Paragraph(t.title() + "（" + t.rows().size() + "）", sub);
                p.setSpacingBefore(6);
                doc.add(p);
                doc.add(t.rows().isEmpty() ? new Paragraph(l.get("report.none"), text) : table(t, small, 1f));
            }

            section(doc, l.get("report.s4"), heading);
            Spreadsheet.Table lagging = ReportTables.lagging(r, l);
            doc.add(lagging.rows().isEmpty() ? new Paragraph(l.get("report.none"), text) : table(lagging, small, 1f));
            if (!lagging.rows().isEmpty()) {
                doc.add(chart(charts.laggingChart(r, l)));
            }

            section(doc, l.get("report.s5"), heading);
            doc.add(new Paragraph(l.get("report.countyNote"), small));
            doc.add(table(ReportTables.counties(r, l), small, 1f));

            section(doc, l.get("report.s6"), heading);
            doc.add(table(ReportTables.departments(r, l), small, 0.8f));
            doc.close();
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot render " + r.getReportId() + " as PDF: " + e.getMessage(), e);
        }
    }

    private static void section(Document doc, String name, Font font) throws DocumentException {
        Paragraph p = new Paragraph(name, font);
        p.setSpacingBefore(12);
        p.setSpacingAfter(4);
        doc.add(p);
    }

    private static Image chart(byte[] png) throws IOException, DocumentException {
        Image image = Image.getInstance(png);
        image.scaleToFit(560, 280);
        image.setAlignment(Element.ALIGN_CENTER);
        return image;
    }

    /** A table of the workbook as a PDF table: same columns, values formatted for print. */
    static PdfPTable table(Spreadsheet.Table t, Font font, float widthShare) {
        int n = t.columns().size();
        PdfPTable pdf = new PdfPTable(n);
        pdf.setWidthPercentage(widthShare * 100);
        pdf.setHorizontalAlignment(Element.ALIGN_LEFT);
        pdf.setHeaderRows(1);
        pdf.setSpacingBefore(3);
        float[] widths = new float[n];
        for (int c = 0; c < n; c++) {
            widths[c] = Math.max(4, t.columns().get(c).widthChars());
        }
        try {
            pdf.setWidths(widths);
        } catch (DocumentException e) {
            throw new IllegalStateException(e);
        }
        Font bold = new Font(font.getBaseFont(), font.getSize(), Font.BOLD);
        for (Spreadsheet.Column c : t.columns()) {
            PdfPCell cell = new PdfPCell(new Phrase(c.header(), bold));
            cell.setBackgroundColor(new Color(0xE7, 0xE6, 0xE6));
            pdf.addCell(cell);
        }
        for (List<Object> row : t.rows()) {
            for (int c = 0; c < n; c++) {
                Object v = c < row.size() ? row.get(c) : null;
                Spreadsheet.Kind kind = t.columns().get(c).kind();
                PdfPCell cell = new PdfPCell(new Phrase(format(kind, v), font));
                if (kind == Spreadsheet.Kind.STATUS && v != null) {
                    cell.setBackgroundColor(new Color(Integer.parseInt(((Spreadsheet.Status) v).rgb(), 16)));
                }
                if (kind != Spreadsheet.Kind.TEXT && kind != Spreadsheet.Kind.STATUS) {
                    cell.setHorizontalAlignment(Element.ALIGN_RIGHT);
                }
                pdf.addCell(cell);
            }
        }
        return pdf;
    }

    /**
     * How a cell prints: figures as the screen shows them ({@link #shown}), so that the printed
     * report and the wall screen read alike; the workbook keeps every digit.
     */
    static String format(Spreadsheet.Kind kind, Object v) {
        if (v == null) {
            return "—";
        }
        return switch (kind) {
            case NUMBER -> shown(v instanceof BigDecimal b ? b : BigDecimal.valueOf(((Number) v).doubleValue()));
            case INTEGER -> String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
            case PERCENT -> String.format(Locale.ROOT, "%.1f%%", ((Number) v).doubleValue() * 100);
            case DATE -> ((LocalDate) v).toString();
            case DATE_TIME -> ((LocalDateTime) v).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
            case STATUS -> ((Spreadsheet.Status) v).label();
            case TEXT -> v.toString();
        };
    }

    /**
     * A figure with the screen's precision (dashboard {@code fmt}): no decimals from 1,000 up, one
     * from 100, two below, trailing zeros dropped, thousands separated; halves round away from zero.
     */
    static String shown(BigDecimal v) {
        BigDecimal abs = v.abs();
        int digits = abs.compareTo(THOUSAND) >= 0 ? 0 : abs.compareTo(HUNDRED) >= 0 ? 1 : 2;
        DecimalFormat f = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
        f.setMaximumFractionDigits(digits);
        // rounded first, so that a figure that rounds to zero prints 0, not -0
        BigDecimal r = v.setScale(digits, RoundingMode.HALF_UP);
        return f.format(r.signum() == 0 ? BigDecimal.ZERO : r);
    }

    private BaseFont pdfFont() {
        BaseFont f = pdfFont;
        if (f == null) {
            synchronized (this) {
                if (pdfFont == null) {
                    try {
                        pdfFont = BaseFont.createFont(fontSpec, BaseFont.IDENTITY_H, BaseFont.EMBEDDED);
                    } catch (IOException | RuntimeException e) {
                        throw new ReportCharts.ReportFontException(
                                "cannot load the report font " + fontSpec + " (install Debian's fonts-noto-cjk or set "
                                        + ReportSettings.FONT + "): " + e.getMessage(),
                                e);
                    }
                }
                f = pdfFont;
            }
        }
        return f;
    }

    private ReportCharts charts() {
        ReportCharts c = charts;
        if (c == null) {
            synchronized (this) {
                if (charts == null) {
                    charts = new ReportCharts(ReportCharts.loadFont(fontSpec));
                }
                c = charts;
            }
        }
        return c;
    }

    /** "第 n 页" at the foot of every page. */
    private static final class PageNumbers extends PdfPageEventHelper {
        private final Labels labels;
        private final Font font;

        PageNumbers(Labels labels, Font font) {
            this.labels = labels;
            this.font = font;
        }

        @Override
        public void onEndPage(PdfWriter writer, Document document) {
            ColumnText.showTextAligned(
                    writer.getDirectContent(),
                    Element.ALIGN_CENTER,
                    new Phrase(new Chunk(labels.format("report.page", writer.getPageNumber()), font)),
                    (document.right() + document.left()) / 2,
                    document.bottom() - 20,
                    0);
        }
    }
}

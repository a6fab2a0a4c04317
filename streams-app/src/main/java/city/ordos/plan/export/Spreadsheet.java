package city.ordos.plan.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.ClientAnchor;
import org.apache.poi.ss.usermodel.Drawing;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFColor;

/**
 * Tables to an .xlsx workbook (Apache POI, streaming so a table of 100,000 sources stays small in
 * memory): one sheet per table, its title and notes (the moment, units) above a bold header row,
 * numbers as numbers, dates as dates, statuses as their label on their colour. Pure: the same
 * tables give the same cells.
 */
public final class Spreadsheet {

    private Spreadsheet() {}

    /** How a column's cells are written. */
    public enum Kind {
        TEXT,
        NUMBER,
        INTEGER,
        /** A ratio written as a percentage (0.95 shows 95.0%). */
        PERCENT,
        DATE,
        DATE_TIME,
        /** A {@link Status}: its label on its colour. */
        STATUS
    }

    public record Column(String header, Kind kind, int widthChars) {
        public Column {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** A status cell: the label shown and the RGB colour of the cell (e.g. "3FB950"). */
    public record Status(String label, String rgb) {}

    /**
     * @param sheetName sheet name (made safe for Excel: at most 31 characters, no []:*?/\)
     * @param title     first line of the sheet
     * @param notes     lines under the title: the moment, what the values are, units
     * @param rows      cells by column: String, BigDecimal/Number, LocalDate, LocalDateTime, Status or null
     */
    public record Table(
            String sheetName,
            String title,
            List<String> notes,
            List<Column> columns,
            List<List<Object>> rows,
            List<byte[]> images) {
        /**
         * A row with more or fewer cells than the header, or one header twice, puts values under
         * the wrong titles (the projects workbook had both): refused where the table is made.
         */
        public Table {
            if (columns.stream().map(Column::header).distinct().count() != columns.size()) {
                throw new IllegalArgumentException("sheet " + sheetName + " names a column twice: "
                        + columns.stream().map(Column::header).toList());
            }
            for (List<Object> row : rows) {
                if (row.size() != columns.size()) {
                    throw new IllegalArgumentException("sheet " + sheetName + " has a row of " + row.size()
                            + " cells under " + columns.size() + " columns");
                }
            }
        }

        public Table(
                String sheetName, String title, List<String> notes, List<Column> columns, List<List<Object>> rows) {
            this(sheetName, title, notes, columns, rows, List.of());
        }

        /** The same table with PNG images (charts) below its rows. */
        public Table withImages(List<byte[]> pngs) {
            return new Table(sheetName, title, notes, columns, rows, pngs);
        }
    }

    public static byte[] write(List<Table> tables) {
        try (SXSSFWorkbook wb = new SXSSFWorkbook(200);
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Styles styles = new Styles(wb);
            Map<String, Integer> used = new HashMap<>();
            for (Table t : tables) {
                writeSheet(wb.createSheet(uniqueName(t.sheetName(), used)), t, styles);
            }
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the workbook", e);
        }
    }

    private static void writeSheet(Sheet sheet, Table t, Styles styles) {
        int r = 0;
        Cell title = sheet.createRow(r++).createCell(0);
        title.setCellValue(t.title());
        title.setCellStyle(styles.title);
        for (String note : t.notes()) {
            sheet.createRow(r++).createCell(0).setCellValue(note);
        }
        r++;
        Row header = sheet.createRow(r++);
        for (int c = 0; c < t.columns().size(); c++) {
            Column col = t.columns().get(c);
            Cell cell = header.createCell(c);
            cell.setCellValue(col.header());
            cell.setCellStyle(styles.header);
            sheet.setColumnWidth(c, Math.min(255, Math.max(6, col.widthChars())) * 256);
        }
        int headerRow = r - 1;
        for (List<Object> values : t.rows()) {
            Row row = sheet.createRow(r++);
            for (int c = 0; c < t.columns().size(); c++) {
                Object v = c < values.size() ? values.get(c) : null;
                if (v != null) {
                    write(row.createCell(c), t.columns().get(c).kind(), v, styles);
                }
            }
        }
        sheet.createFreezePane(0, headerRow + 1);
        Drawing<?> drawing = t.images().isEmpty() ? null : sheet.createDrawingPatriarch();
        for (byte[] png : t.images()) {
            r++;
            int picture = sheet.getWorkbook().addPicture(png, Workbook.PICTURE_TYPE_PNG);
            ClientAnchor anchor = sheet.getWorkbook().getCreationHelper().createClientAnchor();
            anchor.setCol1(0);
            anchor.setRow1(r);
            drawing.createPicture(anchor, picture).resize();
            r += IMAGE_ROWS;
        }
    }

    /** Rows an embedded chart (800 x 400 px at the default row height) takes. */
    private static final int IMAGE_ROWS = 21;

    private static void write(Cell cell, Kind kind, Object v, Styles styles) {
        switch (kind) {
            case NUMBER, INTEGER, PERCENT -> {
                double d = ((Number) v).doubleValue();
                cell.setCellValue(d);
                // "#,##0.######" shows a whole number with a bare point ("6."): whole numbers get "#,##0".
                boolean whole = kind == Kind.INTEGER || d == Math.rint(d);
                cell.setCellStyle(kind == Kind.PERCENT ? styles.percent : whole ? styles.integer : styles.number);
            }
            case DATE -> {
                cell.setCellValue((LocalDate) v);
                cell.setCellStyle(styles.date);
            }
            case DATE_TIME -> {
                cell.setCellValue((LocalDateTime) v);
                cell.setCellStyle(styles.dateTime);
            }
            case STATUS -> {
                Status s = (Status) v;
                cell.setCellValue(s.label());
                cell.setCellStyle(styles.status(s.rgb()));
            }
            case TEXT -> cell.setCellValue(v.toString());
        }
    }

    /** Excel's sheet-name rules, and no two sheets of one workbook with the same name. */
    static String uniqueName(String wanted, Map<String, Integer> used) {
        String base = WorkbookUtil.createSafeSheetName(wanted == null || wanted.isBlank() ? "Sheet" : wanted);
        String name = base;
        int n = used.merge(base.toLowerCase(Locale.ROOT), 1, Integer::sum);
        if (n > 1) {
            String suffix = " (" + n + ")";
            name = base.substring(0, Math.min(base.length(), 31 - suffix.length())) + suffix;
        }
        return name;
    }

    private static final class Styles {
        final Workbook wb;
        final CellStyle title;
        final CellStyle header;
        final CellStyle number;
        final CellStyle integer;
        final CellStyle percent;
        final CellStyle date;
        final CellStyle dateTime;
        private final Map<String, CellStyle> statuses = new HashMap<>();

        Styles(Workbook wb) {
            this.wb = wb;
            Font bold = wb.createFont();
            bold.setBold(true);
            Font big = wb.createFont();
            big.setBold(true);
            big.setFontHeightInPoints((short) 14);
            title = wb.createCellStyle();
            title.setFont(big);
            header = wb.createCellStyle();
            header.setFont(bold);
            header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
            header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            header.setBorderBottom(BorderStyle.THIN);
            header.setWrapText(true);
            number = format("#,##0.######");
            integer = format("#,##0");
            percent = format("0.0%");
            date = format("yyyy-mm-dd");
            dateTime = format("yyyy-mm-dd hh:mm");
        }

        private CellStyle format(String pattern) {
            CellStyle s = wb.createCellStyle();
            s.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat(pattern));
            return s;
        }

        CellStyle status(String rgb) {
            return statuses.computeIfAbsent(rgb, c -> {
                CellStyle s = wb.createCellStyle();
                ((XSSFCellStyle) s).setFillForegroundColor(new XSSFColor(hex(c), null));
                s.setFillPattern(FillPatternType.SOLID_FOREGROUND);
                return s;
            });
        }

        private static byte[] hex(String rgb) {
            String h = Optional.ofNullable(rgb).orElse("FFFFFF").replace("#", "");
            return new byte[] {
                (byte) Integer.parseInt(h.substring(0, 2), 16),
                (byte) Integer.parseInt(h.substring(2, 4), 16),
                (byte) Integer.parseInt(h.substring(4, 6), 16)
            };
        }
    }
}

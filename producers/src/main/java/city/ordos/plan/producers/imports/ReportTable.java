package city.ordos.plan.producers.imports;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

/** A report file opened for import: its header and its data rows (CSV via commons-csv, .xlsx and .xls via Apache POI). */
public final class ReportTable implements AutoCloseable {

    private final String fileName;
    private final List<String> header;
    private final Iterator<RawRow> rows;
    private final String note;
    private final AutoCloseable resource;

    private ReportTable(
            String fileName, List<String> header, Iterator<RawRow> rows, String note, AutoCloseable resource) {
        this.fileName = fileName;
        this.header = header;
        this.rows = rows;
        this.note = note;
        this.resource = resource;
    }

    public static ReportTable open(Path file, String encoding) throws ImportException {
        String name = file.getFileName().toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ImportException(RejectReason.UNREADABLE_FILE, "there is no file " + file, e);
        } catch (AccessDeniedException e) {
            throw new ImportException(RejectReason.UNREADABLE_FILE, "no permission to read " + file, e);
        } catch (IOException e) {
            String why = Files.isDirectory(file) ? "it is a directory, not a file" : e.getMessage();
            throw new ImportException(RejectReason.UNREADABLE_FILE, "cannot read " + file + ": " + why, e);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        // .xls (BIFF8, what older office software still saves) through POI's HSSF, the same rows.
        if (lower.endsWith(".xlsx") || lower.endsWith(".xlsm") || lower.endsWith(".xls")) {
            return excel(name, bytes);
        }
        return csv(name, bytes, encoding);
    }

    public String fileName() {
        return fileName;
    }

    public List<String> header() {
        return header;
    }

    public Iterator<RawRow> rows() {
        return rows;
    }

    /** How the file was decoded, if that needs saying (e.g. read as GBK); null otherwise. */
    public String note() {
        return note;
    }

    @Override
    public void close() throws Exception {
        if (resource != null) {
            resource.close();
        }
    }

    // ---- CSV -------------------------------------------------------------------------------

    private static ReportTable csv(String name, byte[] bytes, String encoding) throws ImportException {
        TextDecoding.Decoded decoded = TextDecoding.decode(bytes, encoding, name);
        String text = decoded.text();
        String firstLine = text.lines().findFirst().orElse("");
        char delimiter = firstLine.contains("\t") && !firstLine.contains(",") ? '\t' : ',';
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setDelimiter(delimiter)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .get();
        CSVParser parser;
        try {
            parser = CSVParser.parse(new StringReader(text), format);
        } catch (IOException e) {
            throw new ImportException(RejectReason.UNREADABLE_FILE, name + ": " + e.getMessage(), e);
        }
        Iterator<CSVRecord> records = parser.iterator();
        List<String> header = null;
        try {
            // Lines of nothing but blanks and separators (",,,,", what a spreadsheet saves of empty
            // rows) are skipped, before the header as among the rows, as in a workbook.
            while (header == null && records.hasNext()) {
                List<String> cells = records.next().toList();
                header = blank(cells) ? null : cells;
            }
        } catch (UncheckedIOException e) {
            throw new ImportException(RejectReason.UNREADABLE_FILE, name + ": " + e.getMessage(), e);
        }
        if (header == null) {
            throw new ImportException(RejectReason.NO_HEADER, name + " is empty: expected a header row");
        }
        Iterator<RawRow> rows = new Iterator<>() {
            private RawRow next = advance();

            private RawRow advance() {
                while (records.hasNext()) {
                    List<String> cells = records.next().toList();
                    if (!blank(cells)) {
                        // the parser has just consumed the record's last line
                        return new RawRow(parser.getCurrentLineNumber(), cells, format.format(cells.toArray()));
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public RawRow next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                RawRow out = next;
                next = advance();
                return out;
            }
        };
        return new ReportTable(name, header, rows, decoded.note(), parser);
    }

    // ---- Excel -----------------------------------------------------------------------------

    private static ReportTable excel(String name, byte[] bytes) throws ImportException {
        Workbook workbook;
        try {
            workbook = WorkbookFactory.create(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new ImportException(
                    RejectReason.UNREADABLE_FILE,
                    name + " is not a readable Excel workbook (.xlsx or .xls): " + e.getMessage(),
                    e);
        }
        Sheet sheet = workbook.getSheetAt(0);
        Iterator<Row> it = sheet.rowIterator();
        Row headRow = null;
        while (it.hasNext()) {
            Row r = it.next();
            if (!blank(cells(r, -1))) {
                headRow = r;
                break;
            }
        }
        if (headRow == null) {
            throw new ImportException(
                    RejectReason.NO_HEADER, name + ": the first sheet is empty: expected a header row");
        }
        List<String> header = cells(headRow, -1);
        int width = header.size();
        CSVFormat format = CSVFormat.DEFAULT;
        Iterator<RawRow> rows = new Iterator<>() {
            private RawRow next = advance();

            private RawRow advance() {
                while (it.hasNext()) {
                    Row r = it.next();
                    List<String> cells = cells(r, width);
                    if (!blank(cells)) {
                        return new RawRow(r.getRowNum() + 1L, cells, format.format(cells.toArray()));
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public RawRow next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                RawRow out = next;
                next = advance();
                return out;
            }
        };
        return new ReportTable(name, header, rows, null, workbook);
    }

    private static boolean blank(List<String> cells) {
        return cells.stream().allMatch(String::isBlank);
    }

    private static List<String> cells(Row row, int width) {
        int last = width >= 0 ? width : Math.max(0, row.getLastCellNum());
        List<String> out = new ArrayList<>(last);
        for (int c = 0; c < last; c++) {
            out.add(text(row.getCell(c)));
        }
        return out;
    }

    private static String text(Cell cell) {
        if (cell == null) {
            return "";
        }
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        return switch (type) {
            case NUMERIC -> {
                if (DateUtil.isCellDateFormatted(cell)) {
                    LocalDateTime t = cell.getLocalDateTimeCellValue();
                    yield t.toLocalTime().equals(LocalTime.MIDNIGHT)
                            ? t.toLocalDate().toString()
                            : t.toString();
                }
                yield BigDecimal.valueOf(cell.getNumericCellValue())
                        .stripTrailingZeros()
                        .toPlainString();
            }
            case STRING -> cell.getStringCellValue().strip();
            case BOOLEAN -> Boolean.toString(cell.getBooleanCellValue());
            default -> "";
        };
    }
}

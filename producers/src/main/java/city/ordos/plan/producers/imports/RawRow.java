package city.ordos.plan.producers.imports;

import java.util.List;

/**
 * One data row of a report file, as text.
 *
 * @param line  1-based line (CSV: the record's number plus the header line; Excel: the row number)
 * @param cells cell texts in column order (Excel dates as ISO dates, numbers in plain notation)
 * @param raw   the row as CSV text, kept for the dead-letter record
 */
public record RawRow(long line, List<String> cells, String raw) {

    public String cell(int index) {
        return index < cells.size() ? cells.get(index) : "";
    }
}

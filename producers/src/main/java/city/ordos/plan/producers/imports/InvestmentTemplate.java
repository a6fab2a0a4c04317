package city.ordos.plan.producers.imports;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The investment report table a department fills in for a month: the importer's header, and one
 * row per project the department reported before (its latest id, name, county, sector and tier),
 * with the month's last day as the as-of date and the value left empty. The monitoring centre
 * does not know a department's projects in advance; it knows what the department reported.
 */
public final class InvestmentTemplate {

    /** An earlier table: its header and its rows' cells, as submitted. */
    public record Table(List<String> header, List<List<String>> rows) {}

    private static final List<Column> LAYOUT = List.of(
            Column.PROJECT_ID,
            Column.PROJECT_NAME,
            Column.COUNTY,
            Column.SECTOR,
            Column.AS_OF,
            Column.VALUE,
            Column.UNIT,
            Column.TIER,
            Column.REPORTED_AT);

    private InvestmentTemplate() {}

    /** The header, in the order docs/import-format.md shows it. */
    public static List<String> header() {
        return LAYOUT.stream().map(Column::chineseHeader).toList();
    }

    /**
     * The rows to fill in, one per project, in the order the projects were first reported.
     *
     * @param earlier the department's earlier tables, oldest first; tables that are not investment
     *     tables are passed over, and a later row of a project replaces an earlier one
     */
    public static List<List<String>> rows(List<Table> earlier, YearMonth period) {
        Map<String, List<String>> projects = new LinkedHashMap<>();
        for (Table table : earlier) {
            TableColumn.Resolved<Column> columns;
            try {
                columns = TableColumn.resolve(Column.class, table.header(), Column.UNIT, Column.VALUE);
            } catch (ImportException notAnInvestmentTable) {
                continue;
            }
            int line = 1;
            for (List<String> cells : table.rows()) {
                RawRow row = new RawRow(++line, cells, String.join(",", cells));
                String id = columns.cell(row, Column.PROJECT_ID);
                if (id.isEmpty()) {
                    continue;
                }
                List<String> template = new ArrayList<>();
                for (Column c : LAYOUT) {
                    template.add(
                            switch (c) {
                                case PROJECT_ID, PROJECT_NAME, COUNTY, SECTOR, TIER -> columns.cell(row, c);
                                case AS_OF -> period.atEndOfMonth().toString();
                                case UNIT -> "亿元";
                                case VALUE, REPORTED_AT -> "";
                            });
                }
                projects.put(id, template);
            }
        }
        return List.copyOf(projects.values());
    }
}

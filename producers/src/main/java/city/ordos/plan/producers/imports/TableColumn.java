package city.ordos.plan.producers.imports;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** A column of a report table layout: the headers accepted for it and whether a table must have it. */
interface TableColumn {

    boolean required();

    /** The headers accepted for the column, the Chinese one the documentation shows first. */
    List<String> headers();

    default String chineseHeader() {
        return headers().get(0);
    }

    /**
     * Whether a header cell names this column. Case, spaces and a unit in brackets are ignored:
     * "完成投资（亿元）" is the value column (the unit is then the column's default unit).
     */
    default boolean matches(String header) {
        String h = normalise(header);
        return headers().stream().anyMatch(a -> normalise(a).equals(h));
    }

    /**
     * Which cell of each row holds each column of a layout, from the header row.
     *
     * @param unitColumn the layout's unit column, not required when the value header carries the unit
     * @param valueColumn the layout's value column, whose header may carry the unit ("完成投资（亿元）")
     * @throws ImportException naming every required column that is missing, and the columns found
     */
    static <C extends Enum<C> & TableColumn> Resolved<C> resolve(
            Class<C> layout, List<String> header, C unitColumn, C valueColumn) throws ImportException {
        Map<C, Integer> columns = new EnumMap<>(layout);
        String unitInValueHeader = null;
        for (int i = 0; i < header.size(); i++) {
            for (C c : layout.getEnumConstants()) {
                if (!columns.containsKey(c) && c.matches(header.get(i))) {
                    columns.put(c, i);
                    if (c == valueColumn) {
                        unitInValueHeader = unitInHeader(header.get(i));
                    }
                }
            }
        }
        StringBuilder missing = new StringBuilder();
        for (C c : layout.getEnumConstants()) {
            if (c.required() && !columns.containsKey(c) && !(c == unitColumn && unitInValueHeader != null)) {
                missing.append(missing.length() == 0 ? "" : "; ")
                        .append("missing column ")
                        .append(c.chineseHeader())
                        .append(" (also accepted: ")
                        .append(String.join(
                                ", ", c.headers().subList(1, c.headers().size())))
                        .append(")");
            }
        }
        if (missing.length() > 0) {
            throw new ImportException(
                    RejectReason.MISSING_COLUMN, missing + "; found columns: " + String.join(", ", header));
        }
        return new Resolved<>(columns, unitInValueHeader);
    }

    /**
     * @param columns        cell index of each column present
     * @param unitFromHeader the unit written in the value column's header, or null
     */
    record Resolved<C extends Enum<C>>(Map<C, Integer> columns, String unitFromHeader) {

        boolean has(C column) {
            return columns.containsKey(column);
        }

        /** The stripped cell text, empty when the column is absent or the cell blank. */
        String cell(RawRow row, C column) {
            Integer i = columns.get(column);
            return i == null ? "" : row.cell(i).strip();
        }
    }

    static String normalise(String header) {
        String h = header == null ? "" : header.strip();
        if (!h.isEmpty() && h.charAt(0) == '\uFEFF') {
            h = h.substring(1);
        }
        h = h.replaceAll("[（(][^）)]*[）)]$", "");
        return h.replace(" ", "").replace("\u3000", "").replace("-", "_").toLowerCase(Locale.ROOT);
    }

    /** The unit written in brackets after a header, e.g. 亿元 in "完成投资（亿元）"; null if none. */
    static String unitInHeader(String header) {
        var m = Pattern.compile("[（(]([^）)]+)[）)]\\s*$").matcher(header == null ? "" : header);
        return m.find() ? m.group(1).strip() : null;
    }
}

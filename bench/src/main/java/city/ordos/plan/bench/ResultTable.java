package city.ordos.plan.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one benchmark run, in the order measured; printed as one table and written as JSON. */
public final class ResultTable {

    record Row(String key, String label, double value, String unit) {}

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> context = new LinkedHashMap<>();

    public ResultTable add(String key, String label, double value, String unit) {
        rows.add(new Row(key, label, value, unit));
        return this;
    }

    public ResultTable context(String key, Object value) {
        context.put(key, value);
        return this;
    }

    public boolean has(String key) {
        return rows.stream().anyMatch(r -> r.key().equals(key));
    }

    public double value(String key) {
        return rows.stream()
                .filter(r -> r.key().equals(key))
                .mapToDouble(Row::value)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no figure " + key));
    }

    String table() {
        int width = rows.stream().mapToInt(r -> r.label().length()).max().orElse(10);
        StringBuilder out = new StringBuilder();
        String format = "%-" + width + "s  %14s  %s%n";
        out.append(String.format(Locale.ROOT, format, "figure", "value", "unit"));
        out.append("-".repeat(width + 24)).append('\n');
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, format, r.label(), number(r.value()), r.unit()));
        }
        return out.toString();
    }

    String json() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("context", context);
        Map<String, Object> figures = new LinkedHashMap<>();
        for (Row r : rows) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("label", r.label());
            f.put("value", Double.isFinite(r.value()) ? r.value() : null);
            f.put("unit", r.unit());
            figures.put(r.key(), f);
        }
        doc.put("figures", figures);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String number(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        if (Math.abs(v) >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}

package city.ordos.plan.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a catalog YAML file into a {@link Catalog} of raw entries. It checks only the shape (a
 * goal is a mapping, categories a list ...) and never stops at the first problem: what it cannot
 * read becomes a {@link CatalogError} the validator reports with everything else. Malformed YAML
 * and duplicate keys in one mapping fail at once, since nothing after them can be trusted.
 */
public final class CatalogParser {

    static final Set<String> TOP_FIELDS = Set.of("planId", "planYear", "sections", "goals");
    static final Set<String> GOAL_FIELDS = Set.of(
            "id",
            "section",
            "phraseZh",
            "nameZh",
            "nameEn",
            "unit",
            "comparator",
            "target",
            "tolerance",
            "kind",
            "baseline2024",
            "department",
            "feed",
            "numerator",
            "denominator",
            "ratioScale",
            "pace",
            "startLevel",
            "cadenceDays",
            "ambiguous",
            "readingNote",
            "readingNoteZh",
            "atRiskBelow",
            "behindBelow",
            "alertForHours",
            "alertKeepFiringHours");
    static final Set<String> FEED_FIELDS = Set.of("stream", "metric", "categories", "statement", "unit");
    static final Set<String> SECTION_FIELDS = Set.of("titleZh", "titleEn");

    private final ObjectMapper yaml;

    public CatalogParser() {
        YAMLFactory factory = new YAMLFactory();
        factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // decimals stay exact: 42.45 must not pass through a double on its way to the contract's decimal
        this.yaml = new ObjectMapper(factory).enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    public Catalog parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read catalog " + file + ": " + e.getMessage(), e);
        }
    }

    /** A catalog on the classpath, e.g. {@code catalog/ordos-2025.yaml}. */
    public Catalog parseResource(String resource) {
        try (InputStream in = CatalogParser.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no catalog resource " + resource + " on the classpath");
            }
            return parse(in, "classpath:" + resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read catalog resource " + resource + ": " + e.getMessage(), e);
        }
    }

    public Catalog parse(String text, String source) {
        return parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), source);
    }

    public Catalog parse(InputStream in, String source) {
        JsonNode root;
        try {
            root = yaml.readTree(in);
        } catch (JsonProcessingException e) {
            throw new CatalogException(
                    source,
                    "not valid YAML: " + e.getOriginalMessage()
                            + (e.getLocation() == null
                                    ? ""
                                    : " at line " + e.getLocation().getLineNr()),
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read catalog " + source + ": " + e.getMessage(), e);
        }
        List<CatalogError> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            problems.add(
                    new CatalogError("plan", "-", "the file must be a mapping with planId, planYear, sections, goals"));
            return new Catalog(source, null, null, Map.of(), List.of(), problems);
        }
        unknown(root, TOP_FIELDS, "plan", problems);
        String planId = scalar(root, "planId", "plan", problems);
        String planYear = scalar(root, "planYear", "plan", problems);
        Map<String, Section> sections = sections(root.get("sections"), problems);
        List<GoalSpec> goals = new ArrayList<>();
        JsonNode list = root.get("goals");
        if (list == null || list.isNull()) {
            problems.add(new CatalogError("plan", "goals", "missing"));
        } else if (!list.isArray()) {
            problems.add(new CatalogError("plan", "goals", "must be a list of goal entries"));
        } else {
            int position = 0;
            for (JsonNode g : list) {
                position++;
                if (!g.isObject()) {
                    problems.add(new CatalogError("#" + position, "-", "a goal entry must be a mapping"));
                    continue;
                }
                goals.add(goal(g, position, problems));
            }
        }
        return new Catalog(source, planId, planYear, sections, goals, problems);
    }

    private Map<String, Section> sections(JsonNode node, List<CatalogError> problems) {
        Map<String, Section> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            problems.add(new CatalogError("plan", "sections", "missing"));
            return out;
        }
        if (!node.isObject()) {
            problems.add(new CatalogError("plan", "sections", "must map section keys to {titleZh, titleEn}"));
            return out;
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String entry = "section " + e.getKey();
            if (!e.getValue().isObject()) {
                problems.add(new CatalogError(entry, "-", "must be a mapping with titleZh and titleEn"));
                continue;
            }
            unknown(e.getValue(), SECTION_FIELDS, entry, problems);
            out.put(
                    e.getKey(),
                    new Section(
                            e.getKey(),
                            scalar(e.getValue(), "titleZh", entry, problems),
                            scalar(e.getValue(), "titleEn", entry, problems)));
        }
        return out;
    }

    private GoalSpec goal(JsonNode g, int position, List<CatalogError> problems) {
        String id =
                g.hasNonNull("id") && g.get("id").isValueNode() ? g.get("id").asText() : null;
        String label = id == null || id.isBlank() ? "#" + position : id;
        List<String> unknown = new ArrayList<>();
        g.fieldNames().forEachRemaining(f -> {
            if (!GOAL_FIELDS.contains(f)) {
                unknown.add(f);
            }
        });
        return new GoalSpec(
                scalar(g, "id", label, problems),
                scalar(g, "section", label, problems),
                scalar(g, "phraseZh", label, problems),
                scalar(g, "nameZh", label, problems),
                scalar(g, "nameEn", label, problems),
                scalar(g, "unit", label, problems),
                scalar(g, "comparator", label, problems),
                scalar(g, "target", label, problems),
                scalar(g, "tolerance", label, problems),
                scalar(g, "kind", label, problems),
                scalar(g, "baseline2024", label, problems),
                scalar(g, "department", label, problems),
                feed(g, "feed", label, problems),
                feed(g, "numerator", label, problems),
                feed(g, "denominator", label, problems),
                scalar(g, "ratioScale", label, problems),
                scalar(g, "pace", label, problems),
                scalar(g, "startLevel", label, problems),
                scalar(g, "cadenceDays", label, problems),
                scalar(g, "ambiguous", label, problems),
                scalar(g, "readingNote", label, problems),
                scalar(g, "readingNoteZh", label, problems),
                scalar(g, "atRiskBelow", label, problems),
                scalar(g, "behindBelow", label, problems),
                scalar(g, "alertForHours", label, problems),
                scalar(g, "alertKeepFiringHours", label, problems),
                position,
                unknown);
    }

    private FeedSpec feed(JsonNode g, String field, String label, List<CatalogError> problems) {
        JsonNode node = g.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            problems.add(new CatalogError(
                    label, field, "must be a mapping with stream, metric, categories, statement, unit"));
            return null;
        }
        unknown(node, FEED_FIELDS, label, field, problems);
        List<String> categories = new ArrayList<>();
        JsonNode cats = node.get("categories");
        if (cats != null && !cats.isNull()) {
            if (!cats.isArray()) {
                problems.add(new CatalogError(label, field + ".categories", "must be a list"));
            } else {
                for (JsonNode c : cats) {
                    if (c.isValueNode()) {
                        categories.add(c.asText());
                    } else {
                        problems.add(new CatalogError(label, field + ".categories", "entries must be plain names"));
                    }
                }
            }
        }
        return new FeedSpec(
                scalar(node, "stream", label, field + ".stream", problems),
                scalar(node, "metric", label, field + ".metric", problems),
                categories,
                scalar(node, "statement", label, field + ".statement", problems),
                scalar(node, "unit", label, field + ".unit", problems));
    }

    private static String scalar(JsonNode node, String field, String label, List<CatalogError> problems) {
        return scalar(node, field, label, field, problems);
    }

    private static String scalar(JsonNode node, String field, String label, String path, List<CatalogError> problems) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            problems.add(new CatalogError(
                    label,
                    path,
                    "must be a single value, not a " + v.getNodeType().name().toLowerCase()));
            return null;
        }
        return v.isBigDecimal() ? v.decimalValue().toPlainString() : v.asText();
    }

    private static void unknown(JsonNode node, Set<String> known, String label, List<CatalogError> problems) {
        node.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                problems.add(
                        new CatalogError(label, f, "unknown field (known: " + String.join(", ", sorted(known)) + ")"));
            }
        });
    }

    private static void unknown(
            JsonNode node, Set<String> known, String label, String prefix, List<CatalogError> problems) {
        node.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                problems.add(new CatalogError(
                        label, prefix + "." + f, "unknown field (known: " + String.join(", ", sorted(known)) + ")"));
            }
        });
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}

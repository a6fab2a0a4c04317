package city.ordos.plan.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.units.UnitTable;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps the generated tables of docs/goals.md in step with the catalog, the metric vocabulary, the
 * unit table and the list of excluded figures. The text between {@code <!-- BEGIN GENERATED: x -->}
 * and {@code <!-- END GENERATED: x -->} is regenerated; the prose around it is left alone.
 *
 * <p>To rewrite the file after changing the catalog:
 * {@code mvn -B -q -pl producers -am test -Dtest=GoalsDocTest -Dsurefire.failIfNoSpecifiedTests=false -Dgoals.doc.write=true}
 */
class GoalsDocTest {

    static final Path DOC = RepoFiles.path("docs/goals.md");

    @Test
    void goalsDocMatchesTheCatalog() throws IOException {
        String current = Files.readString(DOC, StandardCharsets.UTF_8);
        String expected = regenerate(current);
        if (Boolean.getBoolean("goals.doc.write")) {
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
            current = expected;
        }
        assertThat(diff(current, expected))
                .as("docs/goals.md is out of date (diff below: - in the file, + generated); "
                        + "regenerate with -Dgoals.doc.write=true (see GoalsDocTest)")
                .isEmpty();
    }

    /** Lines that differ, as "-n: line" (in the file) and "+n: line" (generated), after the common head and tail. */
    static List<String> diff(String actual, String expected) {
        List<String> a = List.of(actual.split("\n", -1));
        List<String> e = List.of(expected.split("\n", -1));
        int head = 0;
        while (head < a.size() && head < e.size() && a.get(head).equals(e.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < a.size() - head
                && tail < e.size() - head
                && a.get(a.size() - 1 - tail).equals(e.get(e.size() - 1 - tail))) {
            tail++;
        }
        List<String> out = new ArrayList<>();
        for (int i = head; i < a.size() - tail; i++) {
            out.add("-" + (i + 1) + ": " + a.get(i));
        }
        for (int i = head; i < e.size() - tail; i++) {
            out.add("+" + (i + 1) + ": " + e.get(i));
        }
        return out;
    }

    @Test
    void diffShowsOnlyTheChangedLines() {
        assertThat(diff("a\nb\nc\n", "a\nB\nc\n")).containsExactly("-2: b", "+2: B");
        assertThat(diff("a\nb\n", "a\nb\n")).isEmpty();
    }

    @Test
    void everyGoalIsInTheDoc() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        assertThat(OrdosCatalogTest.goals()).allSatisfy(g -> assertThat(doc).contains("`" + g.getGoalId() + "`"));
    }

    static String regenerate(String doc) {
        Map<String, String> regions = new LinkedHashMap<>();
        List<GoalDefinition> goals = OrdosCatalogTest.goals();
        regions.put("summary", summary(goals));
        regions.put("goals", goalsTable(goals));
        regions.put("ambiguous", ambiguous(goals));
        regions.put("excluded", excluded());
        regions.put("vocabulary", vocabulary(MetricVocabulary.standard()));
        regions.put("units", units(UnitTable.standard()));
        String out = doc;
        for (Map.Entry<String, String> r : regions.entrySet()) {
            String begin = "<!-- BEGIN GENERATED: " + r.getKey() + " -->\n";
            String end = "<!-- END GENERATED: " + r.getKey() + " -->";
            int from = out.indexOf(begin);
            int to = out.indexOf(end);
            assertThat(from)
                    .as("docs/goals.md must contain the marker " + begin.strip())
                    .isNotNegative();
            assertThat(to).as("docs/goals.md must contain the marker " + end).isGreaterThan(from);
            out = out.substring(0, from + begin.length()) + r.getValue() + out.substring(to);
        }
        return out;
    }

    private static String summary(List<GoalDefinition> goals) {
        Map<String, Long> byKind = goals.stream()
                .collect(Collectors.groupingBy(g -> g.getKind().name(), TreeMap::new, Collectors.counting()));
        return goals.size() + " goals ("
                + byKind.entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey())
                        .collect(Collectors.joining(", ")) + "), "
                + goals.stream().filter(GoalDefinition::getAmbiguous).count()
                + " marked ambiguous.\n";
    }

    private static String goalsTable(List<GoalDefinition> goals) {
        StringBuilder b = new StringBuilder();
        b.append(
                "| # | id | section | 计划原文 (phrase) | name | target | unit | kind | stream: metric [categories] | pace | cadence (days) |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        int n = 0;
        for (GoalDefinition g : goals) {
            n++;
            b.append("| ")
                    .append(n)
                    .append(" | `")
                    .append(g.getGoalId())
                    .append('`')
                    .append(g.getAmbiguous() ? " ⚠" : "")
                    .append(" | ")
                    .append(g.getSection())
                    .append(" | ")
                    .append(g.getPhraseZh())
                    .append(" | ")
                    .append(g.getNameEn())
                    .append(" | ")
                    .append(target(g))
                    .append(" | ")
                    .append(g.getUnit())
                    .append(" | ")
                    .append(g.getKind())
                    .append(" | ")
                    .append(streams(g))
                    .append(" | ")
                    .append(g.getPace())
                    .append(" | ")
                    .append(g.getCadenceDays())
                    .append(" |\n");
        }
        return b.toString();
    }

    private static String target(GoalDefinition g) {
        String t = plain(g.getTarget());
        String tol = g.getTolerance() == null ? "" : " ± " + plain(g.getTolerance());
        return switch (g.getComparator()) {
            case AT_LEAST -> "≥ " + t;
            case AT_MOST -> "≤ " + t;
            case ABOUT -> "≈ " + t + tol;
            case REACH -> "reach " + t;
            case HOLD_AT -> "hold " + t + tol;
        };
    }

    private static String streams(GoalDefinition g) {
        if (g.getFeed() != null) {
            return selector(g.getFeed());
        }
        return selector(g.getNumerator()) + " ÷ " + selector(g.getDenominator()) + " × " + plain(g.getRatioScale());
    }

    private static String selector(FeedSelector s) {
        return s.getStream() + ": `" + s.getMetric() + "`"
                + (s.getCategories().isEmpty() ? "" : " [" + String.join(", ", s.getCategories()) + "]")
                + " (" + s.getStatement() + ", " + s.getUnit() + ")";
    }

    private static String ambiguous(List<GoalDefinition> goals) {
        StringBuilder b = new StringBuilder("| id | 计划原文 | how it is read |\n|---|---|---|\n");
        for (GoalDefinition g : goals) {
            if (g.getAmbiguous()) {
                b.append("| `")
                        .append(g.getGoalId())
                        .append("` | ")
                        .append(g.getPhraseZh())
                        .append(" | ")
                        .append(g.getReadingNote())
                        .append(" |\n");
            }
        }
        return b.toString();
    }

    private static String excluded() {
        StringBuilder b = new StringBuilder("| plan text | why it is not a goal |\n|---|---|\n");
        PlanCoverageTest.notTargets()
                .forEach((c, r) ->
                        b.append("| ").append(c).append(" | ").append(r).append(" |\n"));
        return b.toString();
    }

    private static String vocabulary(MetricVocabulary v) {
        StringBuilder b = new StringBuilder(
                "| stream | metric | category | statement | unit | what |\n|---|---|---|---|---|---|\n");
        for (MetricVocabulary.Series s : v.series()) {
            b.append("| ")
                    .append(s.stream())
                    .append(" | `")
                    .append(s.metric())
                    .append("` | ")
                    .append(s.category() == null ? "" : s.category())
                    .append(" | ")
                    .append(s.statement())
                    .append(" | ")
                    .append(s.unit())
                    .append(" | ")
                    .append(s.description())
                    .append(" |\n");
        }
        return b.toString();
    }

    private static String units(UnitTable t) {
        Map<String, List<String>> byDimension = new LinkedHashMap<>();
        for (String u : t.units()) {
            UnitTable.Unit unit = t.require(u);
            byDimension
                    .computeIfAbsent(
                            unit.dimension().name() + " | " + unit.dimension().description(), k -> new ArrayList<>())
                    .add(u + " = " + plain(unit.factor()));
        }
        StringBuilder b =
                new StringBuilder("| dimension | what | units (size in the base unit, the one = 1) |\n|---|---|---|\n");
        byDimension.forEach((d, us) -> b.append("| ")
                .append(d)
                .append(" | ")
                .append(String.join(", ", us))
                .append(" |\n"));
        return b.toString();
    }

    private static String plain(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }
}

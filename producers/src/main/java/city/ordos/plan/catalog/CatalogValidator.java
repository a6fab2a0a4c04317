package city.ordos.plan.catalog;

import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.units.Dimension;
import city.ordos.plan.units.UnitTable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a parsed {@link Catalog} strictly and turns it into the {@link GoalDefinition} records to
 * publish. It collects every error (entry and field named) and throws one {@link CatalogException}
 * if there is any, so a catalog is published whole or not at all.
 *
 * <p>Beyond required fields and enum names it checks what would make a goal silently wrong on
 * the wall screen: a unit the {@link UnitTable} does not know; a feed rule no event of the
 * {@link MetricVocabulary} can match (stream, metric, category, statement shape); a feed unit its
 * events cannot be converted to; a share or cap without both sides of the ratio or with a
 * {@code ratioScale} that would not put the ratio in the goal's unit; a tolerance on a comparator
 * that has none, or none where ABOUT/HOLD_AT needs one.
 */
public final class CatalogValidator {

    public static final Set<String> PACES =
            Set.of("LINEAR", "CONSTRUCTION_SEASONAL", "FRONT_LOADED", "YEAR_END", "CONSTANT");
    private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private final UnitTable units;
    private final MetricVocabulary vocabulary;

    public CatalogValidator(UnitTable units, MetricVocabulary vocabulary) {
        this.units = units;
        this.vocabulary = vocabulary;
    }

    /** The product's validator: the standard unit table and metric vocabulary. */
    public static CatalogValidator standard() {
        return new CatalogValidator(UnitTable.standard(), MetricVocabulary.standard());
    }

    /** The catalog's goals, ready to publish. @throws CatalogException listing every error */
    public List<GoalDefinition> validate(Catalog catalog) {
        List<CatalogError> errors = new ArrayList<>(catalog.problems());
        String planId = catalog.planId();
        if (blank(planId)) {
            errors.add(new CatalogError("plan", "planId", "missing"));
        } else if (!KEBAB.matcher(planId).matches()) {
            errors.add(new CatalogError("plan", "planId", "'" + planId + "' is not kebab-case (e.g. ordos-2025)"));
        }
        Integer planYear = null;
        if (blank(catalog.planYear())) {
            errors.add(new CatalogError("plan", "planYear", "missing"));
        } else {
            try {
                planYear = Integer.parseInt(catalog.planYear().strip());
            } catch (NumberFormatException e) {
                errors.add(new CatalogError("plan", "planYear", "'" + catalog.planYear() + "' is not a year"));
            }
        }
        if (catalog.goals().isEmpty()
                && catalog.problems().stream().noneMatch(p -> p.field().equals("goals"))) {
            errors.add(new CatalogError("plan", "goals", "the catalog has no goals"));
        }
        for (Section s : catalog.sections().values()) {
            if (blank(s.titleZh())) {
                errors.add(new CatalogError("section " + s.key(), "titleZh", "missing"));
            }
            if (blank(s.titleEn())) {
                errors.add(new CatalogError("section " + s.key(), "titleEn", "missing"));
            }
        }
        Set<String> seen = new HashSet<>();
        List<GoalDefinition> out = new ArrayList<>();
        for (GoalSpec g : catalog.goals()) {
            Entry e = new Entry(g.label(), errors);
            if (!blank(g.id()) && !seen.add(g.id())) {
                e.error("id", "duplicate id '" + g.id() + "' (entry #" + g.position() + ")");
            }
            GoalDefinition d = goal(g, catalog, planId, planYear == null ? 0 : planYear, e);
            if (d != null) {
                out.add(d);
            }
        }
        if (!errors.isEmpty()) {
            throw new CatalogException(catalog.source(), errors);
        }
        return out;
    }

    private GoalDefinition goal(GoalSpec g, Catalog catalog, String planId, int planYear, Entry e) {
        for (String f : g.unknownFields()) {
            e.error(
                    f,
                    "unknown field (known: "
                            + String.join(
                                    ", ",
                                    CatalogParser.GOAL_FIELDS.stream().sorted().toList()) + ")");
        }
        int before = e.count();
        if (blank(g.id())) {
            e.error("id", "missing");
        } else if (!KEBAB.matcher(g.id()).matches()) {
            e.error("id", "'" + g.id() + "' is not kebab-case (lower-case words joined by '-')");
        }
        Section section = null;
        if (e.required("section", g.section())) {
            section = catalog.sections().get(g.section());
            if (section == null) {
                e.error(
                        "section",
                        "'" + g.section() + "' is not one of the sections declared at the top: "
                                + catalog.sections().keySet());
            }
        }
        e.required("phraseZh", g.phraseZh());
        e.required("nameZh", g.nameZh());
        e.required("nameEn", g.nameEn());
        e.required("department", g.department());
        String unit = g.unit();
        boolean unitKnown = false;
        if (e.required("unit", unit)) {
            unitKnown = units.isKnown(unit);
            if (!unitKnown) {
                e.error("unit", "unknown unit '" + unit + "'");
            }
        }
        Comparator comparator = e.enumValue("comparator", g.comparator(), Comparator.class);
        GoalKind kind = e.enumValue("kind", g.kind(), GoalKind.class);
        BigDecimal target = e.decimal("target", g.target(), true);
        BigDecimal tolerance = e.decimal("tolerance", g.tolerance(), false);
        BigDecimal baseline = e.decimal("baseline2024", g.baseline2024(), false);
        BigDecimal ratioScale = e.decimal("ratioScale", g.ratioScale(), false);
        if (e.required("pace", g.pace()) && !PACES.contains(g.pace())) {
            e.error(
                    "pace",
                    "'" + g.pace() + "' is not one of "
                            + PACES.stream().sorted().toList());
        }
        BigDecimal startLevel = e.decimal("startLevel", g.startLevel(), false);
        Integer cadence = e.positiveInt("cadenceDays", g.cadenceDays(), true);
        Boolean ambiguous = e.bool("ambiguous", g.ambiguous());
        if (!blank(g.readingNoteZh()) && blank(g.readingNote())) {
            e.error("readingNote", "a Chinese reading note (readingNoteZh) needs the English one beside it");
        }
        if (Boolean.TRUE.equals(ambiguous) && blank(g.readingNote())) {
            e.error("readingNote", "an ambiguous goal must say how it is read");
        }
        Double atRisk = e.fraction("atRiskBelow", g.atRiskBelow());
        Double behind = e.fraction("behindBelow", g.behindBelow());
        if (atRisk != null && behind != null && behind > atRisk) {
            e.error("behindBelow", behind + " is above atRiskBelow " + atRisk + " (BEHIND is the worse status)");
        }
        Integer alertFor = e.positiveInt("alertForHours", g.alertForHours(), false);
        Integer alertKeep = e.positiveInt("alertKeepFiringHours", g.alertKeepFiringHours(), false);

        if (comparator != null) {
            checkTolerance(comparator, g.tolerance(), tolerance, unit, e);
        }
        FeedSelector feed = null;
        FeedSelector numerator = null;
        FeedSelector denominator = null;
        if (kind != null) {
            boolean ratio = kind == GoalKind.SHARE || kind == GoalKind.INTENSITY_CAP;
            if (ratio) {
                if (g.feed() != null) {
                    e.error("feed", kind + " goals are fed by numerator and denominator, not feed");
                }
                if (g.numerator() == null) {
                    e.error("numerator", "missing: a " + kind + " goal is a ratio of two aggregates");
                }
                if (g.denominator() == null) {
                    e.error("denominator", "missing: a " + kind + " goal is a ratio of two aggregates");
                }
                if (g.ratioScale() == null) {
                    e.error("ratioScale", "missing: the factor that puts numerator/denominator in " + unit);
                }
                numerator = selector("numerator", g.numerator(), e);
                denominator = selector("denominator", g.denominator(), e);
                if (unitKnown && numerator != null && denominator != null && ratioScale != null) {
                    checkRatio(kind, unit, numerator, denominator, ratioScale, e);
                }
                if (kind == GoalKind.INTENSITY_CAP && comparator != null && comparator != Comparator.AT_MOST) {
                    e.error("comparator", "an INTENSITY_CAP is a cap: AT_MOST, not " + comparator);
                }
            } else {
                if (g.numerator() != null) {
                    e.error("numerator", "only SHARE and INTENSITY_CAP goals have a numerator");
                }
                if (g.denominator() != null) {
                    e.error("denominator", "only SHARE and INTENSITY_CAP goals have a denominator");
                }
                if (g.ratioScale() != null) {
                    e.error("ratioScale", "only SHARE and INTENSITY_CAP goals have a ratioScale");
                }
                if (g.feed() == null) {
                    e.error("feed", "missing: a " + kind + " goal needs the events that make up its actual value");
                }
                feed = selector("feed", g.feed(), e);
                if (feed != null && unitKnown) {
                    checkFeedAgainstGoal(kind, unit, feed, baseline, e);
                }
            }
            if (baseline != null && kind != GoalKind.GROWTH) {
                e.error("baseline2024", "only GROWTH goals have a 2024 baseline");
            }
            if (startLevel != null) {
                checkStartLevel(kind, comparator, g.pace(), startLevel, target, e);
            }
        }
        if (e.count() > before || comparator == null || kind == null || target == null || cadence == null) {
            return null;
        }
        return GoalDefinition.newBuilder()
                .setPlanId(planId == null ? "" : planId)
                .setGoalId(g.id())
                .setPlanYear(planYear)
                .setSection(g.section())
                .setSectionTitleZh(section.titleZh())
                .setSectionTitleEn(section.titleEn())
                .setPhraseZh(g.phraseZh())
                .setNameZh(g.nameZh())
                .setNameEn(g.nameEn())
                .setUnit(unit)
                .setComparator(comparator)
                .setTarget(scale6(target))
                .setTolerance(tolerance == null ? null : scale6(tolerance))
                .setKind(kind)
                .setBaseline2024(baseline == null ? null : scale6(baseline))
                .setDepartment(g.department())
                .setFeed(feed)
                .setNumerator(numerator)
                .setDenominator(denominator)
                .setRatioScale(ratioScale == null ? null : scale6(ratioScale))
                .setPace(g.pace())
                .setStartLevel(startLevel == null ? null : scale6(startLevel))
                .setCadenceDays(cadence)
                .setAmbiguous(Boolean.TRUE.equals(ambiguous))
                .setReadingNote(blank(g.readingNote()) ? null : g.readingNote())
                .setReadingNoteZh(blank(g.readingNoteZh()) ? null : g.readingNoteZh())
                .setAtRiskBelow(atRisk)
                .setBehindBelow(behind)
                .setAlertForHours(alertFor)
                .setAlertKeepFiringHours(alertKeep)
                .build();
    }

    /** The selector as the contract has it, or null after reporting why it can match no event. */
    private FeedSelector selector(String field, FeedSpec spec, Entry e) {
        if (spec == null) {
            return null;
        }
        int before = e.count();
        InputStream stream = e.enumValue(field + ".stream", spec.stream(), InputStream.class);
        StatementType statement = e.enumValue(field + ".statement", spec.statement(), StatementType.class);
        e.required(field + ".metric", spec.metric());
        if (e.required(field + ".unit", spec.unit()) && !units.isKnown(spec.unit())) {
            e.error(field + ".unit", "unknown unit '" + spec.unit() + "'");
        }
        if (stream != null && !blank(spec.metric())) {
            if (!vocabulary.knowsMetric(stream, spec.metric())) {
                e.error(
                        field + ".metric",
                        "no " + stream + " event has metric '" + spec.metric()
                                + "' (see MetricVocabulary / docs/goals.md)");
            } else {
                Set<String> known = vocabulary.categories(stream, spec.metric());
                Set<String> wanted = new LinkedHashSet<>(spec.categories());
                if (wanted.size() != spec.categories().size()) {
                    e.error(field + ".categories", "lists a category twice: " + spec.categories());
                }
                for (String c : wanted) {
                    if (!known.contains(c)) {
                        e.error(
                                field + ".categories",
                                "no " + stream + " event of metric '" + spec.metric()
                                        + "' has category '" + c + "'"
                                        + (known.isEmpty()
                                                ? " (the metric has no categories)"
                                                : " (known: " + known + ")"));
                    }
                }
                List<MetricVocabulary.Series> matched = vocabulary.matching(stream, spec.metric(), wanted);
                if (statement != null) {
                    for (MetricVocabulary.Series s : matched) {
                        if (s.statement() != statement) {
                            e.error(
                                    field + ".statement",
                                    "'" + spec.metric() + "'"
                                            + (s.category() == null ? "" : " category " + s.category()) + " events are "
                                            + s.statement() + " statements, not " + statement);
                            break;
                        }
                    }
                }
                if (units.isKnown(spec.unit())) {
                    for (MetricVocabulary.Series s : matched) {
                        if (!units.convertible(s.unit(), spec.unit())) {
                            e.error(
                                    field + ".unit",
                                    "'" + spec.metric() + "'"
                                            + (s.category() == null ? "" : " category " + s.category())
                                            + " events are stated in '"
                                            + s.unit() + "', which cannot be converted to '" + spec.unit() + "'");
                        }
                    }
                }
            }
        }
        if (e.count() > before) {
            return null;
        }
        return FeedSelector.newBuilder()
                .setStream(stream)
                .setMetric(spec.metric())
                .setCategories(List.copyOf(spec.categories()))
                .setStatement(statement)
                .setUnit(spec.unit())
                .build();
    }

    private static void checkTolerance(
            Comparator comparator, String written, BigDecimal tolerance, String unit, Entry e) {
        boolean needsTolerance = comparator == Comparator.ABOUT || comparator == Comparator.HOLD_AT;
        if (needsTolerance && written == null) {
            e.error("tolerance", comparator + " needs a tolerance (the allowed distance from target, in " + unit + ")");
        } else if (!needsTolerance && written != null) {
            e.error("tolerance", "only ABOUT and HOLD_AT take a tolerance, comparator is " + comparator);
        } else if (tolerance != null && tolerance.signum() <= 0) {
            e.error("tolerance", "must be greater than 0, was " + tolerance.toPlainString());
        }
    }

    /**
     * A start level says where a level the year builds up begins; on anything else it would be
     * read by nobody, or against the grain of the comparator.
     */
    private static void checkStartLevel(
            GoalKind kind, Comparator comparator, String pace, BigDecimal startLevel, BigDecimal target, Entry e) {
        if (kind != GoalKind.LEVEL && kind != GoalKind.SHARE) {
            e.error("startLevel", "only LEVEL and SHARE goals build up from a start level, kind is " + kind);
            return;
        }
        if ("CONSTANT".equals(pace)) {
            e.error(
                    "startLevel",
                    "pace CONSTANT expects the target all year; give the pace the level builds up by, or no startLevel");
            return;
        }
        if (comparator == Comparator.AT_MOST || comparator == Comparator.HOLD_AT) {
            e.error("startLevel", "a " + comparator + " goal is held all year; only a level to reach builds up");
            return;
        }
        if (startLevel.signum() < 0) {
            e.error("startLevel", "must be 0 or more, was " + startLevel.toPlainString());
        } else if (target != null && startLevel.compareTo(target) >= 0) {
            e.error(
                    "startLevel",
                    startLevel.toPlainString() + " is not below the target " + target.toPlainString()
                            + ": nothing is left to build up");
        }
    }

    private void checkFeedAgainstGoal(GoalKind kind, String unit, FeedSelector feed, BigDecimal baseline, Entry e) {
        if (kind == GoalKind.GROWTH) {
            if (units.dimensionOf(unit) != Dimension.RATIO) {
                e.error(
                        "unit",
                        "a GROWTH goal is a percentage, '" + unit + "' is "
                                + units.dimensionOf(unit).description());
            }
            if (baseline == null) {
                if (feed.getStream() != InputStream.STATISTICS
                        || feed.getStatement() != StatementType.YEAR_TO_DATE
                        || units.dimensionOf(feed.getUnit()) != Dimension.RATIO) {
                    e.error(
                            "feed",
                            "a GROWTH goal without baseline2024 reads official year-to-date growth releases: "
                                    + "stream STATISTICS, statement YEAR_TO_DATE, a percent unit");
                }
            } else if (!units.dimensionOf(feed.getUnit()).additive()) {
                e.error(
                        "feed.unit",
                        "growth against baseline2024 needs an amount that adds up, not '" + feed.getUnit() + "'");
            }
            return;
        }
        if (!units.convertible(feed.getUnit(), unit)) {
            e.error(
                    "feed.unit",
                    "the aggregate in '" + feed.getUnit() + "' cannot be expressed in the goal's unit '" + unit + "'");
        }
    }

    /**
     * The topology computes numerator / denominator x ratioScale and shows it in the goal's unit,
     * so ratioScale must be exactly the factor that makes that true: 100 for a percent share of two
     * amounts in the same unit, 1 for 万立方米 of water over 亿元 of GDP in 立方米/万元.
     */
    private void checkRatio(
            GoalKind kind, String unit, FeedSelector num, FeedSelector den, BigDecimal ratioScale, Entry e) {
        BigDecimal expected;
        if (units.dimensionOf(unit) == Dimension.RATIO) {
            if (!units.convertible(num.getUnit(), den.getUnit())) {
                e.error(
                        "denominator.unit",
                        "a share in '" + unit + "' needs numerator and denominator of the same kind; '" + num.getUnit()
                                + "' and '" + den.getUnit() + "' differ");
                return;
            }
            BigDecimal plain = units.convert(BigDecimal.ONE, num.getUnit(), den.getUnit());
            expected = plain.divide(units.convert(BigDecimal.ONE, unit, "ratio"), MathContext.DECIMAL128);
        } else {
            // a per-unit unit such as 立方米/万元: its top and bottom are units of the table themselves
            String canonical = units.canonical(unit);
            int slash = canonical.indexOf('/');
            String top = slash < 0 ? null : canonical.substring(0, slash);
            String over = slash < 0 ? null : canonical.substring(slash + 1);
            if (top == null || !units.isKnown(top) || !units.isKnown(over)) {
                e.error(
                        "unit",
                        "a " + kind + " goal needs a percent or a per-unit unit such as 立方米/万元, not '" + unit + "'");
                return;
            }
            if (!units.convertible(num.getUnit(), top)) {
                e.error(
                        "numerator.unit",
                        "'" + num.getUnit() + "' cannot be converted to '" + top + "', the top of " + unit);
                return;
            }
            if (!units.convertible(den.getUnit(), over)) {
                e.error(
                        "denominator.unit",
                        "'" + den.getUnit() + "' cannot be converted to '" + over + "', the bottom of " + unit);
                return;
            }
            expected = units.convert(BigDecimal.ONE, num.getUnit(), top)
                    .divide(units.convert(BigDecimal.ONE, den.getUnit(), over), MathContext.DECIMAL128);
        }
        if (expected.compareTo(ratioScale) != 0) {
            e.error(
                    "ratioScale",
                    ratioScale.toPlainString() + " does not express " + num.getUnit() + " / " + den.getUnit() + " in "
                            + unit + "; it must be "
                            + expected.stripTrailingZeros().toPlainString());
        }
    }

    private static BigDecimal scale6(BigDecimal v) {
        return v.setScale(6, RoundingMode.UNNECESSARY);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Error collection for one entry, with the small parsers that report instead of throwing. */
    private static final class Entry {
        private final String label;
        private final List<CatalogError> errors;
        private int count;

        Entry(String label, List<CatalogError> errors) {
            this.label = label;
            this.errors = errors;
        }

        void error(String field, String message) {
            errors.add(new CatalogError(label, field, message));
            count++;
        }

        int count() {
            return count;
        }

        boolean required(String field, String value) {
            if (blank(value)) {
                error(field, "missing");
                return false;
            }
            return true;
        }

        <E extends Enum<E>> E enumValue(String field, String value, Class<E> type) {
            if (!required(field, value)) {
                return null;
            }
            try {
                return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                error(field, "'" + value + "' is not one of " + Arrays.toString(type.getEnumConstants()));
                return null;
            }
        }

        BigDecimal decimal(String field, String value, boolean required) {
            if (value == null) {
                if (required) {
                    error(field, "missing");
                }
                return null;
            }
            try {
                BigDecimal d = new BigDecimal(value.strip());
                if (d.stripTrailingZeros().scale() > 6) {
                    error(field, value + " has more than the 6 decimals the contract keeps");
                    return null;
                }
                return d;
            } catch (NumberFormatException ex) {
                error(field, "'" + value + "' is not a number");
                return null;
            }
        }

        Integer positiveInt(String field, String value, boolean required) {
            if (value == null) {
                if (required) {
                    error(field, "missing");
                }
                return null;
            }
            try {
                int v = Integer.parseInt(value.strip());
                if (v <= 0) {
                    error(field, "must be a positive whole number, was " + value);
                    return null;
                }
                return v;
            } catch (NumberFormatException ex) {
                error(field, "'" + value + "' is not a whole number");
                return null;
            }
        }

        Boolean bool(String field, String value) {
            if (value == null) {
                return false;
            }
            return switch (value.strip()) {
                case "true" -> true;
                case "false" -> false;
                default -> {
                    error(field, "'" + value + "' is not true or false");
                    yield null;
                }
            };
        }

        Double fraction(String field, String value) {
            if (value == null) {
                return null;
            }
            try {
                double v = Double.parseDouble(value.strip());
                if (!(v > 0 && v <= 1)) {
                    error(field, "must be in (0, 1], was " + value);
                    return null;
                }
                return v;
            } catch (NumberFormatException ex) {
                error(field, "'" + value + "' is not a number");
                return null;
            }
        }
    }
}

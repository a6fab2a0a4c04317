package city.ordos.plan.progress.topology;

import static city.ordos.plan.progress.topology.ProgressFixture.at;
import static city.ordos.plan.progress.topology.ProgressFixture.goal;
import static city.ordos.plan.progress.topology.ProgressFixture.selector;
import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.StatementType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product enforces what the input schemas' docs say: every text field whose doc says
 * "Required: text that is not empty or blank" is refused blank as MISSING_FIELD naming that field,
 * and a valid record of each type, with its optional fields left null, counts. The docs are read
 * from the schemas the generated classes carry, so a doc that promises more, or less, fails here.
 */
class InputContractTopologyTest {

    private static final String REQUIRED_TEXT = "Required: text that is not empty or blank";

    @TempDir
    Path state;

    private ProgressFixture f;

    @BeforeEach
    void start() {
        f = new ProgressFixture(state);
        f.publish(goal("fai", GoalKind.CUMULATIVE, Comparator.AT_LEAST, "1000", "亿元")
                .setFeed(selector(InputStream.INVESTMENT, "investment.completed", StatementType.YEAR_TO_DATE, "亿元"))
                .build());
        f.publish(goal("wind", GoalKind.LEVEL, Comparator.AT_LEAST, "1000", "万千瓦")
                .setFeed(selector(InputStream.ENERGY, "power.capacity", StatementType.LEVEL, "万千瓦", "WIND"))
                .build());
        f.publish(goal("land", GoalKind.CUMULATIVE, Comparator.AT_LEAST, "100", "万亩")
                .setFeed(selector(
                        InputStream.ENVIRONMENT, "land.desertification.treated", StatementType.YEAR_TO_DATE, "万亩"))
                .build());
        f.publish(goal("gdp", GoalKind.GROWTH, Comparator.ABOUT, "6", "%")
                .setTolerance(ProgressFixture.dec("0.5"))
                .setFeed(selector(InputStream.STATISTICS, "gdp.growth_yoy", StatementType.YEAR_TO_DATE, "%"))
                .build());
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void every_text_field_the_schemas_call_required_is_refused_blank_and_nothing_else_is() {
        Instant june = at("2025-06-30");
        Instant reported = at("2025-07-02");
        List<Supplier<SpecificRecord>> valid = List.of(
                () -> f.investment("P1", june, reported, "1", "亿元", null),
                () -> f.energy("W1", "WIND", "power.capacity", StatementType.LEVEL, null, june, reported, "10", "万千瓦"),
                () -> f.environment(
                        "D1",
                        "land.desertification.treated",
                        null,
                        StatementType.YEAR_TO_DATE,
                        null,
                        june,
                        reported,
                        "2",
                        "万亩"),
                () -> f.release("STATS-gdp", "gdp.growth_yoy", june, reported, "5.8", "%"));

        List<String> checked = new ArrayList<>();
        for (Supplier<SpecificRecord> make : valid) {
            f.send(make.get());
            assertThat(f.deadLetters.isEmpty())
                    .as(
                            "a valid %s with its optional fields null",
                            make.get().getSchema().getName())
                    .isTrue();
            for (String path : requiredText(make.get().getSchema(), "")) {
                SpecificRecord blanked = make.get();
                set(blanked, path, " ");
                f.send(blanked);
                DeadLetter d = f.deadLetters.readValue();
                assertThat(d.getReasonCode()).as(path).isEqualTo("MISSING_FIELD");
                assertThat(d.getMessage()).as(path).startsWith(path + " is empty");
                checked.add(make.get().getSchema().getName() + "." + path);
            }
        }
        assertThat(checked)
                .as("the fields the docs call required")
                .contains(
                        "InvestmentReport.header.eventId",
                        "InvestmentReport.header.sourceId",
                        "InvestmentReport.projectName",
                        "InvestmentReport.sector",
                        "InvestmentReport.quantity.unit",
                        "EnergyReading.facilityId",
                        "EnvironmentReading.metric",
                        "StatisticsRelease.measure")
                .doesNotContain("EnvironmentReading.category", "InvestmentReport.period");
        assertThat(f.stored("fai").getActual()).isEqualByComparingTo("1");
        assertThat(f.stored("wind").getActual()).isEqualByComparingTo("10");
        assertThat(f.stored("land").getActual()).isEqualByComparingTo("2");
        assertThat(f.stored("gdp").getActual()).isEqualByComparingTo("5.8");
    }

    /** Dotted paths of the string fields whose doc starts with the required-text promise. */
    private static List<String> requiredText(Schema record, String prefix) {
        List<String> paths = new ArrayList<>();
        for (Schema.Field field : record.getFields()) {
            String path = prefix + field.name();
            if (field.schema().getType() == Schema.Type.RECORD) {
                paths.addAll(requiredText(field.schema(), path + "."));
            } else if (field.doc() != null && field.doc().startsWith(REQUIRED_TEXT)) {
                assertThat(field.schema().getType()).as(path).isEqualTo(Schema.Type.STRING);
                paths.add(path);
            }
        }
        return paths;
    }

    private static void set(SpecificRecord record, String path, String value) {
        int dot = path.indexOf('.');
        Schema.Field field = record.getSchema().getField(dot < 0 ? path : path.substring(0, dot));
        if (dot < 0) {
            record.put(field.pos(), value);
        } else {
            set((SpecificRecord) record.get(field.pos()), path.substring(dot + 1), value);
        }
    }
}

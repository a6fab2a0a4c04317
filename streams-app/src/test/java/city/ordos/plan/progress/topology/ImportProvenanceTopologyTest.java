package city.ordos.plan.progress.topology;

import static city.ordos.plan.progress.topology.ProgressFixture.at;
import static city.ordos.plan.progress.topology.ProgressFixture.goal;
import static city.ordos.plan.progress.topology.ProgressFixture.selector;
import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.County;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.avro.StatementVersion;
import city.ordos.plan.timetravel.TimeTravelSettings;
import city.ordos.plan.timetravel.topology.TimeTravelTopology;
import city.ordos.plan.topics.ImportHeaders;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A statement from a row of an imported report file keeps the file and line the importer put on the
 * record (and a web submission's id), through the intake to its place in time: the provenance a
 * goal's sources show.
 */
class ImportProvenanceTopologyTest {

    @TempDir
    Path stateDir;

    @Test
    void anImportedRowKeepsItsFileAndLineAndAProducersStatementHasNone() {
        try (ProgressFixture f = new ProgressFixture(stateDir, null, Duration.ZERO, TimeTravelSettings.DEFAULTS)) {
            f.publish(goal("fai", GoalKind.CUMULATIVE, Comparator.AT_LEAST, "1000", "亿元")
                    .setFeed(selector(InputStream.INVESTMENT, "investment.completed", StatementType.YEAR_TO_DATE, "亿元"))
                    .build());
            f.send(
                    f.investment("P1", at("2025-06-30"), at("2025-07-05"), "12.35", "亿元", County.ZHUNGEER),
                    ImportHeaders.of("investment-2025-06.csv", 7));
            f.send(f.investment("P2", at("2025-06-30"), at("2025-07-05"), "3", "亿元", County.WUSHEN));
            f.send(
                    f.investment("P3", at("2025-06-30"), at("2025-07-06"), "4", "亿元", County.DONGSHENG),
                    ImportHeaders.of("投资月报-6月.xlsx", 3, "6f1c2a9e-submission", "fgw", "op"));

            KeyValueStore<String, StatementVersion> days = f.driver.getKeyValueStore(TimeTravelTopology.DAYS_STORE);
            int june30 = Math.toIntExact(LocalDate.parse("2025-06-30").toEpochDay());
            StatementVersion imported = days.get(TimeTravelTopology.statementDayKey("ordos-2025/fai|FEED|P1|", june30));
            assertThat(imported.getImportFile()).isEqualTo("investment-2025-06.csv");
            assertThat(imported.getImportLine()).isEqualTo(7);
            assertThat(imported.getSourceTopic())
                    .isEqualTo(f.topics.investment().name());
            StatementVersion produced = days.get(TimeTravelTopology.statementDayKey("ordos-2025/fai|FEED|P2|", june30));
            assertThat(produced.getImportFile()).isNull();
            assertThat(produced.getImportLine()).isNull();
            assertThat(produced.getSubmissionId()).isNull();
            assertThat(imported.getSubmissionId())
                    .as("imported on the command line")
                    .isNull();
            StatementVersion submitted =
                    days.get(TimeTravelTopology.statementDayKey("ordos-2025/fai|FEED|P3|", june30));
            assertThat(submitted.getImportFile()).isEqualTo("投资月报-6月.xlsx");
            assertThat(submitted.getImportLine()).isEqualTo(3);
            assertThat(submitted.getSubmissionId()).isEqualTo("6f1c2a9e-submission");
            assertThat(submitted.getSubmittedBy()).isEqualTo("fgw");
            assertThat(submitted.getApprovedBy()).isEqualTo("op");
        }
    }
}

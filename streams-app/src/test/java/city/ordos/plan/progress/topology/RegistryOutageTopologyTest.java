package city.ordos.plan.progress.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.ordos.plan.app.AppConfig;
import city.ordos.plan.progress.PlanClock;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.OrdosTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An unreachable registry is an outage, not bad data: processing stops loudly, nothing is dead-lettered. */
class RegistryOutageTopologyTest {

    @TempDir
    Path stateDir;

    @Test
    void aRecordWhoseSchemaCannotBeFetchedStopsProcessingInsteadOfBeingSkipped() {
        OrdosTopics topics = OrdosTopics.withPrefix("outage-");
        // Nothing listens on port 1: every lookup is refused.
        AvroSerdes serdes = new AvroSerdes(Map.of(
                "schema.registry.url",
                "http://127.0.0.1:1",
                "max.retries",
                "1",
                "retries.wait.ms",
                "10",
                "http.connect.timeout.ms",
                "500",
                "http.read.timeout.ms",
                "500"));
        ProgressSettings settings = new ProgressSettings(
                1,
                Duration.ofSeconds(1),
                Duration.ofDays(1),
                1_000_000,
                Duration.ZERO,
                Duration.ZERO,
                ProgressSettings.DEFAULT_DEAD_LETTER_RECORD_BYTES,
                false);
        // The production settings, error policy included: an unreachable registry must still fail,
        // not be dead-lettered.
        Properties props = AppConfig.of(Map.of(
                        StreamsConfig.APPLICATION_ID_CONFIG,
                        "outage-" + UUID.randomUUID(),
                        StreamsConfig.STATE_DIR_CONFIG,
                        stateDir.toString(),
                        "schema.registry.url",
                        "http://127.0.0.1:1",
                        AppConfig.TOPIC_PREFIX,
                        "outage-"))
                .streamsProperties();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                ProgressTopology.build(
                        topics, serdes, settings, PlanClock.fixed(Instant.parse("2025-06-30T00:00:00Z"))),
                props)) {
            TestOutputTopic<String, byte[]> dead = driver.createOutputTopic(
                    topics.deadLetters().name(), new StringDeserializer(), new ByteArrayDeserializer());
            byte[] framed = {0, 0, 0, 0, 42, 2, 4, 6};
            assertThatThrownBy(() -> driver.createInputTopic(
                                    topics.investment().name(), new StringSerializer(), new ByteArraySerializer())
                            .pipeInput("P1", framed))
                    .hasStackTraceContaining("Schema registry unreachable after 2 attempts")
                    .hasStackTraceContaining("schema id 42");
            assertThat(dead.isEmpty()).isTrue();
        }
    }
}

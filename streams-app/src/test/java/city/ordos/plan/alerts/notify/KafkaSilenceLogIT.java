package city.ordos.plan.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.avro.AlertSilence;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.OrdosTopics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Silences live on the alert-silences topic: set through one instance, they mute the goal on
 * every other instance's notifier, survive a restart, and a lift through any instance ends them
 * everywhere.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class KafkaSilenceLogIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final String GDP = "ordos-2025/gdp-growth";
    private static final String WIND = "ordos-2025/wind-capacity";
    private static final Duration LOAD = Duration.ofSeconds(60);
    private final Map<String, Object> clients =
            Map.of("bootstrap.servers", kafka.bootstrapServers(), "schema.registry.url", kafka.schemaRegistryUrl());
    private final AvroSerdes serdes = new AvroSerdes(clients);
    private final Clock clock = Clock.systemUTC();

    /** One app or notifier instance's view of the silences on the topic. */
    private KafkaSilenceLog instance(OrdosTopics topics) throws Exception {
        return KafkaSilenceLog.open(clients, topics.alertSilences(), serdes, clock, LOAD);
    }

    @Test
    void silencesAreSharedBetweenInstancesAndSurviveARestart() throws Exception {
        OrdosTopics topics = kafka.createTopics();
        Instant nextWeek = clock.instant().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);

        try (KafkaSilenceLog first = instance(topics);
                KafkaSilenceLog second = instance(topics)) {
            first.registry().silence(new Silence(GDP, nextWeek, "Q4 release pending", "li"));
            first.registry().silence(new Silence(WIND, nextWeek, "grid maintenance", "wang"));
            // Already over when set: recorded, but mutes nothing anywhere.
            first.registry()
                    .silence(new Silence(
                            "ordos-2025/coal-output", clock.instant().minusSeconds(60), "", "li"));

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(second.registry().active())
                            .extracting(Silence::goalKey)
                            .containsExactly(GDP, WIND));
            assertThat(second.registry().activeFor(GDP)).hasValueSatisfying(s -> {
                assertThat(s.until()).isEqualTo(nextWeek);
                assertThat(s.reason()).isEqualTo("Q4 release pending");
                assertThat(s.createdBy()).isEqualTo("li");
            });

            assertThat(second.registry().lift(WIND)).isTrue();
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(
                            () -> assertThat(first.registry().activeFor(WIND)).isEmpty());
        }

        // A restarted instance starts with the silences still in force, before its first alert.
        try (KafkaSilenceLog restarted = instance(topics)) {
            assertThat(restarted.registry().active())
                    .extracting(Silence::goalKey)
                    .containsExactly(GDP);
        }
    }

    @Test
    void aRecordNotWrittenByTheLogDoesNotStopLaterSilences() throws Exception {
        OrdosTopics topics = kafka.createTopics();
        Instant tomorrow = clock.instant().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<String, AlertSilence> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(),
                serdes.valueSerde(AlertSilence.class).serializer())) {
            AlertSilence noGoal = AlertSilence.newBuilder()
                    .setGoalKey("gdp-growth")
                    .setUntil(tomorrow)
                    .setReason("")
                    .setCreatedBy("script")
                    .setCreatedAt(clock.instant())
                    .build();
            producer.send(new ProducerRecord<>(topics.alertSilences().name(), "gdp-growth", noGoal))
                    .get();
        }

        try (KafkaSilenceLog log = instance(topics);
                KafkaSilenceLog other = instance(topics)) {
            assertThat(log.registry().active()).isEmpty();
            other.registry().silence(new Silence(GDP, tomorrow, "", "li"));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(
                            () -> assertThat(log.registry().activeFor(GDP)).isPresent());
        }
    }
}

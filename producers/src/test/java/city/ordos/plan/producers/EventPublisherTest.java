package city.ordos.plan.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.ordos.plan.avro.County;
import city.ordos.plan.avro.EnergyReading;
import city.ordos.plan.avro.Quantity;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.registry.AvroSerdes;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class EventPublisherTest {

    static EnergyReading reading(County county) {
        return EnergyReading.newBuilder()
                .setHeader(StatementHeader.newBuilder()
                        .setEventId("e-1")
                        .setSourceId("GAS-SULIGE-WUSHEN")
                        .setEventTime(Instant.parse("2025-03-31T15:59:59Z"))
                        .setReportedAt(Instant.parse("2025-04-05T01:00:00Z"))
                        .setCounty(county)
                        .build())
                .setFacilityId("GAS-SULIGE")
                .setEnergySource("NATURAL_GAS")
                .setMetric("energy.output")
                .setStatement(StatementType.PERIOD_FLOW)
                .setPeriod("2025-03")
                .setQuantity(Quantity.newBuilder()
                        .setValue(new BigDecimal("2.7351"))
                        .setUnit("亿立方米")
                        .build())
                .build();
    }

    @Test
    void aCountyOutsideTheEnumMakesTheRecordUndecodableAndNothingElse() {
        Serde<EnergyReading> serde =
                new AvroSerdes(Map.of("schema.registry.url", "mock://publisher-test")).valueSerde(EnergyReading.class);
        for (County county : County.values()) {
            EnergyReading good = reading(county);
            byte[] bytes = serde.serializer().serialize("t", good);
            EnergyReading decoded = serde.deserializer().deserialize("t", bytes);
            assertThat(decoded.getHeader()).isEqualTo(good.getHeader());
            assertThat(decoded.getQuantity().getValue())
                    .isEqualByComparingTo(good.getQuantity().getValue());

            byte[] corrupted = EventPublisher.withCountyOutsideEnum(bytes, good);

            assertThat(corrupted).hasSameSizeAs(bytes);
            int differing = 0;
            for (int i = 0; i < bytes.length; i++) {
                differing += bytes[i] != corrupted[i] ? 1 : 0;
            }
            assertThat(differing).isEqualTo(1);
            assertThatThrownBy(() -> serde.deserializer().deserialize("t", corrupted))
                    .isInstanceOf(Exception.class);
        }
    }

    /**
     * A producer whose flush fails the first {@code failures} outstanding sends with {@code error}
     * (as the Kafka producer does when a batch's delivery timeout expires) and delivers the rest.
     */
    private static MockProducer<String, byte[]> producerFailingFirst(int failures, RuntimeException error) {
        AtomicInteger left = new AtomicInteger(failures);
        return new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized void flush() {
                boolean more = true;
                while (more) {
                    more = left.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? errorNext(error) : completeNext();
                }
            }
        };
    }

    private static EventPublisher publisher(MockProducer<String, byte[]> producer) {
        return new EventPublisher(
                producer, new AvroSerdes(Map.of("schema.registry.url", "mock://publisher-resend")), false);
    }

    @Test
    void aRecordExpiredByTheProducerIsSentAgainAndCountedDeliveredOnce() {
        MockProducer<String, byte[]> producer =
                producerFailingFirst(1, new TimeoutException("Expiring 1 record(s): 120000 ms has passed"));
        EventPublisher publisher = publisher(producer);

        publisher.send("ordos.energy-readings", "GAS-SULIGE-WUSHEN", reading(County.WUSHEN), 1L);
        publisher.close();

        assertThat(publisher.report().allDelivered())
                .as(publisher.report().toString())
                .isTrue();
        assertThat(publisher.report().toString()).isEqualTo("sent 1, delivered 1, failed 0, resent 1");
        assertThat(producer.history()).hasSize(2);
        ProducerRecord<String, byte[]> first = producer.history().get(0);
        ProducerRecord<String, byte[]> again = producer.history().get(1);
        assertThat(again.topic()).isEqualTo(first.topic());
        assertThat(again.key()).isEqualTo(first.key());
        assertThat(again.value()).isEqualTo(first.value());
        assertThat(again.timestamp()).isEqualTo(first.timestamp());
    }

    @Test
    void aRecordThatKeepsExpiringFailsAfterTheLastSendAndIsReported() {
        MockProducer<String, byte[]> producer = producerFailingFirst(
                EventPublisher.MAX_SENDS + 5, new TimeoutException("Expiring 1 record(s): 120000 ms has passed"));
        EventPublisher publisher = publisher(producer);

        publisher.send("ordos.energy-readings", "GAS-SULIGE-WUSHEN", reading(County.WUSHEN), 1L);
        publisher.close();

        DeliveryReport report = publisher.report();
        assertThat(report.allDelivered()).isFalse();
        assertThat(report.sent()).isEqualTo(1);
        assertThat(report.delivered()).isZero();
        assertThat(report.failed()).isEqualTo(1);
        assertThat(producer.history()).hasSize(EventPublisher.MAX_SENDS);
        assertThat(report.failures())
                .singleElement(InstanceOfAssertFactories.STRING)
                .contains("ordos.energy-readings key GAS-SULIGE-WUSHEN", "TimeoutException", "after 3 sends");
    }

    @Test
    void aRecordRefusedForWhatItIsIsNotSentAgain() {
        MockProducer<String, byte[]> producer =
                producerFailingFirst(1, new RecordTooLargeException("the record is larger than max.request.size"));
        EventPublisher publisher = publisher(producer);

        publisher.send("ordos.energy-readings", "GAS-SULIGE-WUSHEN", reading(County.WUSHEN), 1L);
        publisher.send("ordos.energy-readings", "GAS-SULIGE-HANGJIN", reading(County.HANGJIN), 2L);
        publisher.close();

        assertThat(publisher.report().toString()).isEqualTo("sent 2, delivered 1, failed 1");
        assertThat(producer.history())
                .extracting(ProducerRecord::key)
                .containsExactly("GAS-SULIGE-WUSHEN", "GAS-SULIGE-HANGJIN");
    }

    @Test
    void aRecordTheProducerNeverAcceptedFailsAtOnce() {
        // As KafkaProducer reports a topic whose metadata did not come within max.block.ms (no broker,
        // or no such topic): to the callback, inside send(). Sending again would only wait as long again.
        AtomicInteger sends = new AtomicInteger();
        MockProducer<String, byte[]> producer =
                new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()) {
                    @Override
                    public synchronized Future<RecordMetadata> send(
                            ProducerRecord<String, byte[]> record, Callback callback) {
                        sends.incrementAndGet();
                        TimeoutException e = new TimeoutException(
                                "Topic ordos.energy-readings not present in metadata after 200 ms.");
                        callback.onCompletion(null, e);
                        return CompletableFuture.failedFuture(e);
                    }
                };
        EventPublisher publisher = publisher(producer);

        publisher.send("ordos.energy-readings", "GAS-SULIGE-WUSHEN", reading(County.WUSHEN), 1L);
        publisher.close();

        assertThat(publisher.report().toString()).isEqualTo("sent 1, delivered 0, failed 1");
        assertThat(sends).hasValue(1);
    }
}

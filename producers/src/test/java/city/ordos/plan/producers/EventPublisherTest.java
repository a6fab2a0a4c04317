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
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class EventPublisherTest {

    private static EnergyReading reading(County county) {
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
}

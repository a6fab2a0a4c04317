package city.ordos.plan.guide;

import city.ordos.plan.avro.County;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.Quantity;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.registry.SchemaRegistryAvroSerializer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Java example of docs/schemas.md, "Write a producer": the text between the guide markers is
 * the example, word for word ({@link GuideExamplesTest} compares them); {@code GuideProducersIT}
 * runs it against the topology.
 */
final class GuideJavaProducer {

    private GuideJavaProducer() {}

    // guide:begin
    static void publish(String bootstrapServers, String registryUrl, String topic) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers); // localhost:9092
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        // Confluent's io.confluent.kafka.serializers.KafkaAvroSerializer takes the same settings.
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, SchemaRegistryAvroSerializer.class);
        props.put("schema.registry.url", registryUrl); // http://localhost:8081
        props.put("auto.register.schemas", false); // the subjects are registered before the first producer
        props.put("use.latest.version", true); // write with the subject's latest version

        // "Completed so far as of 30 June 2025": the end of that day in Asia/Shanghai.
        Instant asOf = LocalDate.of(2025, 6, 30)
                .atTime(23, 59, 59, 999_000_000)
                .atZone(ZoneId.of("Asia/Shanghai"))
                .toInstant();
        InvestmentReport report = InvestmentReport.newBuilder()
                .setHeader(StatementHeader.newBuilder()
                        .setEventId("PRJ-2025-017/2025-06-30") // the same statement re-sent keeps its id
                        .setSourceId("PRJ-2025-017") // the project
                        .setEventTime(asOf)
                        .setReportedAt(Instant.now())
                        .setCounty(County.KANGBASHI)
                        .build())
                .setProjectId("PRJ-2025-017")
                .setProjectName("康巴什区数据中心二期")
                .setTier("MUNICIPAL_MAJOR")
                .setSector("INFRASTRUCTURE")
                .setQuantity(new Quantity(new BigDecimal("3.215"), "亿元"))
                .build();
        try (KafkaProducer<String, InvestmentReport> producer = new KafkaProducer<>(props)) {
            // Key: the source id, so one source's statements stay in order.
            producer.send(new ProducerRecord<>(topic, report.getHeader().getSourceId(), report))
                    .get();
        }
    }
    // guide:end
}

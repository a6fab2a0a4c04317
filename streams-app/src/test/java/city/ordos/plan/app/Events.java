package city.ordos.plan.app;

import city.ordos.plan.avro.County;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.Quantity;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.catalog.CatalogPublisher;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.OrdosTopics;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes test inputs the way producers do (registry-framed Avro, idempotent producer). */
final class Events implements AutoCloseable {

    /** A catalog goal fed by year-to-date investment reports of municipal major projects, in 亿元. */
    static final String MAJOR_PROJECTS = "major-projects-investment";

    private final KafkaProducer<String, byte[]> producer;
    private final AvroSerdes serdes;
    private final String registryUrl;
    private final OrdosTopics topics;
    private final Map<String, Object> clientConfig = new HashMap<>();

    Events(KafkaClusterExtension kafka, OrdosTopics topics) {
        kafka.producerProperties().forEach((k, v) -> clientConfig.put(k.toString(), v));
        this.producer = new KafkaProducer<>(clientConfig, new StringSerializer(), new ByteArraySerializer());
        this.registryUrl = kafka.schemaRegistryUrl();
        this.serdes = new AvroSerdes(Map.of("schema.registry.url", registryUrl));
        this.topics = topics;
    }

    void catalog(List<GoalDefinition> goals) {
        Map<String, Object> settings = new HashMap<>(clientConfig);
        settings.put("schema.registry.url", registryUrl);
        new CatalogPublisher(settings, topics, Duration.ofSeconds(60))
                .publish(goals.get(0).getPlanId(), goals, false);
    }

    /** "Project P had completed V 亿元 of investment in 2025 as of the given day." */
    void majorProjectInvestment(String projectId, County county, String value, LocalDate asOf) {
        long eventTime = asOf.atTime(23, 59)
                .atZone(ZoneId.of("Asia/Shanghai"))
                .toInstant()
                .toEpochMilli();
        majorProjectInvestment(projectId, county, value, eventTime, eventTime + 3_600_000);
    }

    /** As above, reported at the end of {@code reportedOn} (a restatement is a later report of the same as-of). */
    void majorProjectInvestment(String projectId, County county, String value, LocalDate asOf, LocalDate reportedOn) {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        majorProjectInvestment(
                projectId,
                county,
                value,
                asOf.atTime(23, 59).atZone(shanghai).toInstant().toEpochMilli(),
                reportedOn.atTime(23, 59).atZone(shanghai).toInstant().toEpochMilli());
    }

    private void majorProjectInvestment(
            String projectId, County county, String value, long eventTime, long reportedAt) {
        InvestmentReport report = InvestmentReport.newBuilder()
                .setHeader(StatementHeader.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setSourceId(projectId)
                        .setEventTime(Instant.ofEpochMilli(eventTime))
                        .setReportedAt(Instant.ofEpochMilli(reportedAt))
                        .setCounty(county)
                        .build())
                .setProjectId(projectId)
                .setProjectName("项目 " + projectId)
                .setTier("MUNICIPAL_MAJOR")
                .setSector("energy")
                .setMetric("investment.completed")
                .setStatement(StatementType.YEAR_TO_DATE)
                .setPeriod(null)
                .setQuantity(Quantity.newBuilder()
                        .setValue(new BigDecimal(value).setScale(6))
                        .setUnit("亿元")
                        .build())
                .build();
        send(topics.investment().name(), projectId, report);
    }

    void raw(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
        producer.flush();
    }

    void send(String topic, String key, SpecificRecord value) {
        @SuppressWarnings("unchecked")
        var serializer = (Serializer<SpecificRecord>)
                (Serializer<?>) serdes.valueSerde(value.getClass()).serializer();
        producer.send(new ProducerRecord<>(topic, key, serializer.serialize(topic, value)));
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}

package city.ordos.plan.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.avro.County;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.topics.OrdosTopics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The publisher on a real broker that goes away: a record the producer accepted and then expired
 * while the broker was down is sent again once it is back, and reaches the topic.
 */
class EventPublisherIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    @Test
    void aRecordExpiredWhileTheBrokerWasDownIsSentAgainAndArrives() throws Exception {
        assumeThat(kafka.supportsBrokerRestart())
                .as("broker restart needs the embedded cluster")
                .isTrue();
        OrdosTopics topics = kafka.createTopics();
        String topic = topics.energy().name();
        // The second record is accepted while the broker still answers and waits out a long linger,
        // so the broker is gone when its batch leaves; a short delivery timeout then expires it within
        // seconds (the product's default is 120 s). Its resend waits for the broker (max.block.ms).
        Map<String, String> user = new HashMap<>();
        user.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        user.put("schema.registry.url", kafka.schemaRegistryUrl());
        user.put(ProducerConfig.LINGER_MS_CONFIG, "10000");
        user.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        user.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        EventPublisher publisher = new EventPublisher(ProducerSettings.producerConfig(user, "publisher-it"), false);

        publisher.send(topic, "GAS-SULIGE-WUSHEN", EventPublisherTest.reading(County.WUSHEN), null);
        publisher.flush();
        assertThat(publisher.report().delivered()).isEqualTo(1);

        publisher.send(topic, "GAS-SULIGE-HANGJIN", EventPublisherTest.reading(County.HANGJIN), null);
        kafka.stopBroker();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(publisher::close);
        await("the record sent into the outage expires and is sent again")
                .atMost(Duration.ofSeconds(60))
                .until(() -> publisher.report().resent() >= 1);
        kafka.startBroker();
        closing.get(3, TimeUnit.MINUTES);

        DeliveryReport report = publisher.report();
        assertThat(report.allDelivered()).as(report.toString()).isTrue();
        assertThat(report.sent()).isEqualTo(2);
        assertThat(TopicContents.readAll(kafka.consumerProperties("publisher-it"), topic))
                .extracting(ConsumerRecord::key)
                .contains("GAS-SULIGE-WUSHEN", "GAS-SULIGE-HANGJIN");
    }
}

package city.ordos.plan.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.infra.testing.SelfSignedTls;
import city.ordos.plan.infra.testing.SelfSignedTls.ClientCertificate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker with mTLS instead of SCRAM: its only client listener is SSL and requires a
 * client certificate its truststore trusts; the principal is the certificate's CN and ACLs decide
 * the rest ({@code allow.everyone.if.no.acl.found=false}).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class MutualTlsBrokerIT {

    private static final String TOPIC = "mtls-readings";

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker broker;
    private static Admin admin;
    private static ClientCertificate app;
    private static ClientCertificate outsider;

    @BeforeAll
    static void start() throws Exception {
        BrokerSecurity.Tls tls = SelfSignedTls.generate(dir, "ordos-broker");
        app = SelfSignedTls.clientCertificate(dir, "ordos-app", tls);
        outsider = SelfSignedTls.clientCertificate(dir, "outsider", tls);
        broker = EmbeddedKafkaBroker.builder(dir.resolve("kafka"))
                .security(BrokerSecurity.mutualTls(tls, "ordos-broker"))
                .build()
                .start();
        admin = Admin.create(broker.superUserClientConfig());
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        List<AclBinding> acls = new ArrayList<>();
        for (AclOperation op : List.of(AclOperation.READ, AclOperation.WRITE)) {
            acls.add(new AclBinding(
                    new ResourcePattern(ResourceType.TOPIC, TOPIC, PatternType.LITERAL),
                    new AccessControlEntry("User:ordos-app", "*", op, AclPermissionType.ALLOW)));
        }
        admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> admin.describeAcls(AclBindingFilter.ANY)
                        .values()
                        .get(30, TimeUnit.SECONDS)
                        .containsAll(acls));
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aClientWithoutACertificateFailsTheTlsHandshake() {
        Map<String, Object> noCertificate =
                new HashMap<>(broker.certificateClientConfig(app.keystore(), app.password()));
        noCertificate.keySet().removeIf(k -> k.startsWith("ssl.keystore") || k.equals("ssl.key.password"));
        try (Admin client = Admin.create(noCertificate)) {
            assertThatThrownBy(() -> client.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    @Test
    void theCertificatesCommonNameIsThePrincipalTheAclsName() throws Exception {
        Map<String, Object> producerConfig =
                new HashMap<>(broker.certificateClientConfig(app.keystore(), app.password()));
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, "meter-1", "42")).get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> consumerConfig =
                new HashMap<>(broker.certificateClientConfig(app.keystore(), app.password()));
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(TOPIC, 0)));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.key() + "=" + r.value());
                }
                return !seen.isEmpty();
            });
        }
        assertThat(seen).containsExactly("meter-1=42");

        Map<String, Object> stranger =
                new HashMap<>(broker.certificateClientConfig(outsider.keystore(), outsider.password()));
        stranger.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(stranger, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() ->
                            producer.send(new ProducerRecord<>(TOPIC, "k", "v")).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }
}

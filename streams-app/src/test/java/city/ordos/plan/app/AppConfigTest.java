package city.ordos.plan.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.ordos.plan.alerts.AlertConfig;
import city.ordos.plan.auth.ApiSecurity;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.deadletters.DeadLetterProcessingHandler;
import city.ordos.plan.deadletters.DeadLetterProductionHandler;
import city.ordos.plan.deadletters.DeadLetters;
import city.ordos.plan.progress.topology.ProgressSettings;
import city.ordos.plan.reports.ReportSettings;
import city.ordos.plan.timetravel.TimeTravelSettings;
import city.ordos.plan.topics.OrdosTopics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreExactlyOnceWithExplicitNaming() {
        Properties p = AppConfig.of(Map.of()).streamsProperties();
        assertThat(p.getProperty("processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(p.getProperty("ensure.explicit.internal.resource.naming")).isEqualTo("true");
        assertThat(p.getProperty("num.standby.replicas")).isEqualTo("1");
        assertThat(p.getProperty("max.task.idle.ms")).isEqualTo("-1");
        assertThat(p.stringPropertyNames())
                .noneMatch(k -> k.startsWith("ordos.")
                        && !k.startsWith("ordos.rocksdb.")
                        && !k.equals(DeadLetters.TOPIC_CONFIG));
    }

    @Test
    void a_record_that_fails_is_dead_lettered_by_kafka_streams_own_handlers_on_the_prefixed_topic() {
        AppConfig config = AppConfig.of(Map.of(AppConfig.TOPIC_PREFIX, "p-", "producer.max.request.size", "2097152"));
        Properties p = config.streamsProperties();
        assertThat(p.getProperty("processing.exception.handler"))
                .isEqualTo(DeadLetterProcessingHandler.class.getName());
        assertThat(p.getProperty("production.exception.handler"))
                .isEqualTo(DeadLetterProductionHandler.class.getName());
        assertThat(p.getProperty(DeadLetters.TOPIC_CONFIG)).isEqualTo("p-ordos.dead-letters");
        assertThat(config.progressSettings().deadLetterRecordBytes())
                .as("dead letters are cut to the producer's own limit")
                .isEqualTo(2_097_152);
        assertThat(AppConfig.of(Map.of()).progressSettings().deadLetterRecordBytes())
                .isEqualTo(1_048_576);
    }

    @Test
    void an_instance_runs_a_stream_thread_per_core_up_to_the_input_partitions() {
        int inputPartitions = OrdosTopics.DEFAULT.input(InputStream.INVESTMENT).partitions();
        assertThat(inputPartitions).as("the widest input topic").isEqualTo(6);
        assertThat(AppConfig.defaultStreamThreads(1)).isEqualTo(1);
        assertThat(AppConfig.defaultStreamThreads(2)).isEqualTo(2);
        assertThat(AppConfig.defaultStreamThreads(64)).isEqualTo(inputPartitions);
        assertThat(AppConfig.defaultStreamThreads(0)).as("never none").isEqualTo(1);
        assertThat(AppConfig.of(Map.of()).streamsProperties().getProperty("num.stream.threads"))
                .isEqualTo(Integer.toString(Math.min(Runtime.getRuntime().availableProcessors(), inputPartitions)));
        assertThat(AppConfig.of(Map.of("num.stream.threads", "1"))
                        .streamsProperties()
                        .getProperty("num.stream.threads"))
                .as("an operator's setting wins")
                .isEqualTo("1");
    }

    @Test
    void the_stream_threads_producers_send_large_batches_within_the_brokers_default_limit() {
        int brokersDefaultMessageMaxBytes = 1_048_588;
        Map<String, Object> producer =
                new StreamsConfig(AppConfig.of(Map.of()).streamsProperties()).getProducerConfigs("ordos-test");
        int batchBytes =
                Integer.parseInt(producer.get(ProducerConfig.BATCH_SIZE_CONFIG).toString());
        assertThat(batchBytes).isEqualTo(512 * 1024).isLessThan(brokersDefaultMessageMaxBytes);
        assertThat(new StreamsConfig(AppConfig.of(Map.of("producer.batch.size", "16384"))
                                .streamsProperties())
                        .getProducerConfigs("ordos-test")
                        .get(ProducerConfig.BATCH_SIZE_CONFIG)
                        .toString())
                .as("an operator's setting wins")
                .isEqualTo("16384");
    }

    @Test
    void a_dead_member_is_replaced_within_seconds_by_default() {
        Properties p = AppConfig.of(Map.of()).streamsProperties();
        assertThat(p.getProperty("session.timeout.ms")).isEqualTo("6000");
        assertThat(Integer.parseInt(p.getProperty("heartbeat.interval.ms"))).isLessThanOrEqualTo(6000 / 3);
        assertThat(AppConfig.of(Map.of("session.timeout.ms", "45000"))
                        .streamsProperties()
                        .getProperty("session.timeout.ms"))
                .isEqualTo("45000");
    }

    @Test
    void the_http_address_gives_the_instance_its_static_membership_id() {
        AppConfig c = AppConfig.of(Map.of("application.id", "ordos-progress")).withApplicationServer("app-1:8080");
        assertThat(c.get("application.server")).isEqualTo("app-1:8080");
        assertThat(c.streamsProperties().getProperty("group.instance.id")).isEqualTo("ordos-progress-app-1-8080");

        AppConfig pod = AppConfig.load(null, Map.of("ORDOS_GROUP_INSTANCE_ID", "ordos-app-0"), Map.of())
                .withApplicationServer("ordos-app-0.ordos-app-peers.ns.svc.cluster.local:8080");
        assertThat(pod.streamsProperties().getProperty("group.instance.id")).isEqualTo("ordos-app-0");

        AppConfig dynamic = AppConfig.of(Map.of("group.instance.id", " ")).withApplicationServer("[::1]:8080");
        assertThat(dynamic.streamsProperties()).doesNotContainKey("group.instance.id");
        assertThat(AppConfig.of(Map.of()).withApplicationServer("[::1]:8080").get("group.instance.id"))
                .isEqualTo("ordos-progress----1--8080");
    }

    @Test
    void recognised_keys_are_the_apps_own_kafkas_and_the_registry_serdes() {
        assertThat(AppConfig.isRecognised("ordos.http.port")).isTrue();
        assertThat(AppConfig.isRecognised("ordos.api.admin-token")).isTrue();
        assertThat(AppConfig.isRecognised("num.standby.replicas")).isTrue();
        assertThat(AppConfig.isRecognised("group.instance.id")).isTrue();
        assertThat(AppConfig.isRecognised("sasl.jaas.config")).isTrue();
        assertThat(AppConfig.isRecognised("main.consumer.session.timeout.ms")).isTrue();
        assertThat(AppConfig.isRecognised("topic.min.insync.replicas")).isTrue();
        assertThat(AppConfig.isRecognised("basic.auth.user.info")).isTrue();
        assertThat(AppConfig.isRecognised("schema.registry.ssl.truststore.location"))
                .isTrue();

        assertThat(AppConfig.isRecognised("ordos.http.prot")).isFalse();
        assertThat(AppConfig.isRecognised("num.standby.replica")).isFalse();
        assertThat(AppConfig.isRecognised("topic.bootstrap.servers")).isFalse();
        assertThat(AppConfig.isRecognised("spring.kafka.bootstrap-servers")).isFalse();
    }

    @Test
    void rocksdb_memory_is_bounded_by_default_and_its_budget_reaches_kafka_streams() {
        Properties p = AppConfig.of(Map.of()).streamsProperties();
        assertThat(p.getProperty("rocksdb.config.setter")).isEqualTo("city.ordos.plan.app.BoundedRocksDbMemory");
        assertThat(p.getProperty("ordos.rocksdb.memory.bytes")).isEqualTo("268435456");
        assertThat(p.getProperty("ordos.rocksdb.write.buffer.bytes")).isEqualTo("100663296");

        AppConfig fromEnv = AppConfig.load(
                null,
                Map.of("ORDOS_ROCKSDB_MEMORY_BYTES", "134217728"),
                Map.of("rocksdb.config.setter", "com.example.OwnSetter"));
        assertThat(fromEnv.streamsProperties().getProperty("ordos.rocksdb.memory.bytes"))
                .isEqualTo("134217728");
        assertThat(fromEnv.streamsProperties().getProperty("rocksdb.config.setter"))
                .isEqualTo("com.example.OwnSetter");
    }

    @Test
    void aWriteBufferShareNotBelowTheTotalFailsAtStart() {
        AppConfig c = AppConfig.of(
                Map.of("ordos.rocksdb.memory.bytes", "1048576", "ordos.rocksdb.write.buffer.bytes", "1048576"));
        assertThatThrownBy(c::rocksDbMemoryBudget)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ordos.rocksdb.write.buffer.bytes");
    }

    @Test
    void layersApplyFileThenEnvironmentThenOverrides() throws IOException {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, """
                bootstrap.servers=file:9092
                num.standby.replicas=1
                ordos.clock=stream
                security.protocol=SASL_SSL
                """);
        AppConfig c = AppConfig.load(
                file,
                Map.of(
                        "ORDOS_BOOTSTRAP_SERVERS",
                        "env:9092",
                        "ORDOS_CLOCK",
                        "fixed:2025-09-30",
                        "ORDOS_SASL_JAAS_CONFIG",
                        "secret-jaas",
                        "HOME",
                        "/root"),
                Map.of("num.standby.replicas", "2"));
        Properties p = c.streamsProperties();
        assertThat(p.getProperty("bootstrap.servers")).isEqualTo("env:9092");
        assertThat(p.getProperty("num.standby.replicas")).isEqualTo("2");
        assertThat(p.getProperty("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(p.getProperty("sasl.jaas.config")).isEqualTo("secret-jaas");
        assertThat(p.getProperty("home")).isNull();
        assertThat(c.get(AppConfig.CLOCK)).isEqualTo("fixed:2025-09-30");
        assertThat(c.serdeConfigs()).containsEntry("sasl.jaas.config", "secret-jaas");
    }

    @Test
    void httpAndTokenSettingsComeFromTheEnvironmentToo() {
        AppConfig c = AppConfig.load(
                null,
                Map.of(
                        "ORDOS_HTTP_HOST",
                        "0.0.0.0",
                        "ORDOS_HTTP_PORT",
                        "9000",
                        "ORDOS_API_ADMIN_TOKEN",
                        "t0ken-from-env"),
                Map.of());
        assertThat(c.get(AppConfig.HTTP_HOST)).isEqualTo("0.0.0.0");
        assertThat(c.get(AppConfig.HTTP_PORT)).isEqualTo("9000");
        assertThat(c.get(AppConfig.ADMIN_TOKEN)).isEqualTo("t0ken-from-env");
        assertThat(c.streamsProperties().stringPropertyNames())
                .noneMatch(k -> k.contains("http") || k.contains("token"));
        assertThat(c.toString()).doesNotContain("t0ken-from-env");
    }

    @Test
    void anyKeyCanBeSetFromTheEnvironmentWithTheKafkaImagesEscapes() {
        AppConfig c = AppConfig.load(
                null,
                Map.of(
                        "ORDOS_SSL_ENDPOINT___IDENTIFICATION___ALGORITHM", "https",
                        "ORDOS_CONSUMER_CLIENT__RACK", "rack-1",
                        "ORDOS_API_ADMIN___TOKEN", "escaped",
                        "ORDOS_HTTP_FRAME___ANCESTORS", "https://signage.example"),
                Map.of());
        assertThat(c.streamsProperties())
                .containsEntry("ssl.endpoint-identification-algorithm", "https")
                .containsEntry("consumer.client_rack", "rack-1");
        assertThat(c.get(AppConfig.ADMIN_TOKEN)).isEqualTo("escaped");
        assertThat(c.get(AppConfig.HTTP_FRAME_ANCESTORS)).isEqualTo("https://signage.example");
    }

    @Test
    void registrySettingsPassThroughToTheSerdes() {
        AppConfig c = AppConfig.of(Map.of(
                "schema.registry.url",
                "https://reg:8081",
                "basic.auth.credentials.source",
                "USER_INFO",
                "basic.auth.user.info",
                "u:p"));
        assertThat(c.serdeConfigs())
                .containsEntry("schema.registry.url", "https://reg:8081")
                .containsEntry("basic.auth.user.info", "u:p");
    }

    @Test
    void secretsNeverShowInThePrintedConfig() {
        AppConfig c = AppConfig.of(Map.of(
                "sasl.jaas.config",
                "org.X required password=\"s3cret\";",
                "basic.auth.user.info",
                "user:pw",
                "ssl.keystore.password",
                "kpw",
                "schema.registry.url",
                "http://admin:pw@reg:8081"));
        assertThat(c.toString())
                .doesNotContain("s3cret", "user:pw", "kpw", "admin:pw")
                .contains("reg:8081");
    }

    @Test
    void progressSettingsComeFromOrdosKeysAndBadNumbersNameTheKey() {
        ProgressSettings s = AppConfig.of(Map.of(
                        AppConfig.GOAL_PARTITIONS,
                        "12",
                        AppConfig.EVALUATE_INTERVAL_MS,
                        "500",
                        AppConfig.EMIT_INTERVAL_MS,
                        "0"))
                .progressSettings();
        assertThat(s.goalPartitions()).isEqualTo(12);
        assertThat(s.evaluateInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.emitInterval()).isZero();
        assertThatThrownBy(() ->
                        AppConfig.of(Map.of(AppConfig.GOAL_PARTITIONS, "many")).progressSettings())
                .hasMessageContaining(AppConfig.GOAL_PARTITIONS)
                .hasMessageContaining("many");
        assertThat(AppConfig.of(Map.of(AppConfig.TOPIC_PREFIX, "t1-"))
                        .topics()
                        .progress()
                        .name())
                .isEqualTo("t1-ordos.goal-progress");
    }

    @Test
    void theStatementsStayInRocksDbUnlessAskedAndOnlyTrueOrFalseIsTaken() {
        assertThat(AppConfig.of(Map.of()).progressSettings().statementsInMemory())
                .isFalse();
        assertThat(AppConfig.of(Map.of(AppConfig.STATEMENTS_IN_MEMORY, " TRUE "))
                        .progressSettings()
                        .statementsInMemory())
                .isTrue();
        // The variable operations.md names (a variable cannot hold '-').
        assertThat(AppConfig.fromEnvironment(Map.of("ORDOS_PROGRESS_STATEMENTS_IN_MEMORY", "true")))
                .containsEntry(AppConfig.STATEMENTS_IN_MEMORY, "true");
        // A typo must stop the start, not quietly keep the other store.
        assertThatThrownBy(() -> AppConfig.of(Map.of(AppConfig.STATEMENTS_IN_MEMORY, "yes"))
                        .progressSettings())
                .hasMessageContaining(AppConfig.STATEMENTS_IN_MEMORY)
                .hasMessageContaining("'yes'");
    }

    @Test
    void everyYesNoSettingRefusesATypoNamingItsKeyAndTakesTrueOrFalse() {
        // How the instance reads each one (OrdosInstance); Boolean.parseBoolean used to read the
        // kiosk switch and the achieved notices, so "yes" quietly meant false for those two.
        Map<String, Function<AppConfig, Object>> readers = Map.of(
                ApiSecurity.Settings.KIOSK,
                        c -> ApiSecurity.Settings.from(c.all(), "token").kiosk(),
                AlertConfig.ACHIEVED_NOTICES, c -> c.alertConfig().achievedNotices(),
                TimeTravelSettings.ENABLED, c -> c.timeTravelSettings().enabled(),
                ReportSettings.AUTO, c -> c.reportSettings().auto(),
                AppConfig.STATEMENTS_IN_MEMORY, c -> c.progressSettings().statementsInMemory());
        readers.forEach((key, read) -> {
            assertThat(read.apply(AppConfig.of(Map.of(key, " True ")))).as(key).isEqualTo(true);
            assertThat(read.apply(AppConfig.of(Map.of(key, "FALSE")))).as(key).isEqualTo(false);
            assertThatThrownBy(() -> read.apply(AppConfig.of(Map.of(key, "yes"))))
                    .as(key)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(key)
                    .hasMessageContaining("'yes'");
        });
    }
}

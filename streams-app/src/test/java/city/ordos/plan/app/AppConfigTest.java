package city.ordos.plan.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.ordos.plan.deadletters.DeadLetterProcessingHandler;
import city.ordos.plan.deadletters.DeadLetterProductionHandler;
import city.ordos.plan.deadletters.DeadLetters;
import city.ordos.plan.progress.topology.ProgressSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
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
        assertThat(p.getProperty("num.standby.replicas")).isEqualTo("0");
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
    void rocksdbMemoryIsBoundedByDefaultAndItsBudgetReachesKafkaStreams() {
        Properties p = AppConfig.of(Map.of()).streamsProperties();
        assertThat(p.getProperty("rocksdb.config.setter")).isEqualTo("city.ordos.plan.app.BoundedRocksDbMemory");
        assertThat(p.getProperty("ordos.rocksdb.memory.bytes")).isEqualTo("134217728");
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
}

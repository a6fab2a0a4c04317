package city.ordos.plan.progress.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.ordos.plan.avro.InputStream;
import city.ordos.plan.deadletters.RegistryUnavailableException;
import city.ordos.plan.registry.AvroSerdeConfig;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.registry.CompatibilityLevel;
import city.ordos.plan.registry.CompatibilityResult;
import city.ordos.plan.registry.MockSchemaRegistryClient;
import city.ordos.plan.registry.RegisteredSchema;
import city.ordos.plan.registry.RetryPolicy;
import city.ordos.plan.registry.SchemaRegistryClient;
import city.ordos.plan.registry.SchemaRegistryException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * Registry calls retry by one policy, the client's (docs/reliability.md): the intake on the stream
 * thread asks once per record and, when the client has given up, fails the thread instead of
 * sleeping through a second round of retries of its own.
 */
class RegistryRetryPolicyTest {

    private static final byte[] FRAMED_WITH_ID_42 = {0, 0, 0, 0, 42, 2, 4, 6};

    @Test
    void theIntakeAsksTheClientOnceAndNamesTheClientsAttemptsWhenItGivesUp() {
        RetryPolicy policy = new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1));
        UnreachableRegistry registry = new UnreachableRegistry(policy);
        InputDecoder decoder =
                new InputDecoder(new AvroSerdes(Map.of("schema.registry.url", "mock://one-policy"), registry));

        assertThatThrownBy(() -> decoder.decode(InputStream.INVESTMENT, "ordos.investment-reports", FRAMED_WITH_ID_42))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("Schema registry unreachable after 3 attempts")
                .hasMessageContaining("schema id 42");
        assertThat(registry.lookups.get())
                .as("look-ups the stream thread made itself (the client's retries happen inside one)")
                .isEqualTo(1);
    }

    @Test
    void thePolicyTheClientAppliesIsTheOneTheRegistrySettingsDescribe() {
        AvroSerdes serdes = new AvroSerdes(Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                "http://127.0.0.1:1",
                AvroSerdeConfig.MAX_RETRIES,
                "4",
                AvroSerdeConfig.RETRIES_WAIT_MS,
                "250",
                AvroSerdeConfig.RETRIES_MAX_WAIT_MS,
                "5000"));
        assertThat(serdes.client().retryPolicy())
                .isEqualTo(new RetryPolicy(4, Duration.ofMillis(250), Duration.ofMillis(5000)));
        assertThat(serdes.client().retryPolicy().attempts()).isEqualTo(5);
        assertThat(new MockSchemaRegistryClient().retryPolicy()).isEqualTo(RetryPolicy.NONE);
    }

    /** A registry whose every id look-up fails as an unreachable one does, after the client's retries. */
    private static final class UnreachableRegistry implements SchemaRegistryClient {
        private final MockSchemaRegistryClient rest = new MockSchemaRegistryClient();
        private final RetryPolicy policy;
        final AtomicInteger lookups = new AtomicInteger();

        UnreachableRegistry(RetryPolicy policy) {
            this.policy = policy;
        }

        @Override
        public Schema getById(int id) {
            lookups.incrementAndGet();
            throw new SchemaRegistryException(
                    SchemaRegistryException.NO_RESPONSE,
                    SchemaRegistryException.NO_RESPONSE,
                    "GET /schemas/ids/" + id + ": no answer [gave up after " + policy.attempts() + " attempts]");
        }

        @Override
        public RetryPolicy retryPolicy() {
            return policy;
        }

        @Override
        public int register(String subject, Schema schema) {
            return rest.register(subject, schema);
        }

        @Override
        public RegisteredSchema lookup(String subject, Schema schema) {
            return rest.lookup(subject, schema);
        }

        @Override
        public RegisteredSchema getLatest(String subject) {
            return rest.getLatest(subject);
        }

        @Override
        public RegisteredSchema getVersion(String subject, int version) {
            return rest.getVersion(subject, version);
        }

        @Override
        public List<Integer> getVersions(String subject) {
            return rest.getVersions(subject);
        }

        @Override
        public List<String> getSubjects() {
            return rest.getSubjects();
        }

        @Override
        public CompatibilityResult testCompatibility(String subject, Schema schema) {
            return rest.testCompatibility(subject, schema);
        }

        @Override
        public CompatibilityLevel getCompatibility(String subject) {
            return rest.getCompatibility(subject);
        }

        @Override
        public void setCompatibility(String subject, CompatibilityLevel level) {
            rest.setCompatibility(subject, level);
        }
    }
}

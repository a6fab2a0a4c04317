package city.ordos.plan.infra.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.ordos.plan.infra.kafka.EmbeddedKafkaBroker;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.topics.TopicSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, unit = TimeUnit.MINUTES)
class TopicProvisionerIT {

    @TempDir
    static Path dataDir;

    static EmbeddedKafkaBroker broker;
    static Admin admin;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.builder(dataDir.resolve("kafka")).build().start();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
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
    void createsEveryTopicAsSpecifiedAndASecondRunChangesNothing() throws Exception {
        OrdosTopics topics = OrdosTopics.withPrefix("p-" + UUID.randomUUID() + "-");
        TopicProvisioner provisioner = new TopicProvisioner(admin, Optional.empty());

        TopicProvisioner.Result first = provisioner.provision(topics.all());

        List<String> names = topics.all().stream().map(TopicSpec::name).toList();
        assertThat(first.created()).containsExactlyInAnyOrderElementsOf(names);
        assertThat(first.consistent()).isTrue();
        Map<String, TopicDescription> described =
                admin.describeTopics(names).allTopicNames().get();
        for (TopicSpec<?, ?> spec : topics.all()) {
            assertThat(described.get(spec.name()).partitions()).hasSize(spec.partitions());
            Config config = topicConfig(spec.name());
            assertThat(config.get("cleanup.policy").value())
                    .isEqualTo(spec.cleanupPolicy().configValue());
        }
        assertThat(topicConfig(topics.investment().name()).get("retention.ms").value())
                .isEqualTo("-1");
        assertThat(topicConfig(topics.goals().name()).get("cleanup.policy").value())
                .isEqualTo("compact");

        TopicProvisioner.Result second = provisioner.provision(topics.all());

        assertThat(second.created()).isEmpty();
        assertThat(second.alreadyPresent()).containsExactlyInAnyOrderElementsOf(names);
        assertThat(second.consistent()).isTrue();
        second.requireConsistent();
    }

    @Test
    void existingTopicThatDiffersIsReportedNotChanged() throws Exception {
        OrdosTopics topics = OrdosTopics.withPrefix("m-" + UUID.randomUUID() + "-");
        String goals = topics.goals().name();
        // An operator created the compacted goal catalog by hand, as a 2-partition delete topic.
        admin.createTopics(List.of(new NewTopic(goals, 2, (short) 1))).all().get();

        TopicProvisioner.Result result = new TopicProvisioner(admin, Optional.of((short) 1)).provision(topics.all());

        assertThat(result.alreadyPresent()).containsExactly(goals);
        assertThat(result.created()).hasSize(topics.all().size() - 1);
        assertThat(result.mismatches())
                .containsExactlyInAnyOrder(
                        "topic " + goals + " has 2 partitions, the specification says 1",
                        "topic " + goals + " has cleanup.policy=delete, the specification says compact");
        assertThatThrownBy(result::requireConsistent)
                .isInstanceOf(TopicProvisioner.TopicMismatchException.class)
                .hasMessageContaining(goals)
                .hasMessageContaining("cleanup.policy=delete");
        assertThat(admin.describeTopics(List.of(goals))
                        .allTopicNames()
                        .get()
                        .get(goals)
                        .partitions())
                .hasSize(2);
    }

    @Test
    void replicationFactorBeyondTheClusterFailsClearly() {
        OrdosTopics topics = OrdosTopics.withPrefix("rf-" + UUID.randomUUID() + "-");

        assertThatThrownBy(
                        () -> new TopicProvisioner(admin, Optional.of((short) 3)).provision(List.of(topics.alerts())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(topics.alerts().name())
                .hasMessageContaining("replication factor");
    }

    private static Config topicConfig(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }
}

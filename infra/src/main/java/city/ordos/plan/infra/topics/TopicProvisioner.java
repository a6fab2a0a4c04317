package city.ordos.plan.infra.topics;

import city.ordos.plan.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics of a declarative list ({@link TopicSpec}) with the Kafka Admin API.
 *
 * <p>Idempotent: topics that already exist are left alone, never altered or deleted; instead
 * their partition count and cleanup policy are compared with the spec and every difference is
 * reported in the {@link Result} (a different partition count breaks key co-partitioning, a
 * different cleanup policy loses or keeps data unexpectedly, so neither is silently "fixed").
 * Works against any cluster: the replication factor is configurable and defaults to
 * {@code min(3, number of brokers)}.
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final Optional<Short> replicationFactor;
    private final Duration timeout;

    /**
     * @param admin             admin client of the target cluster (not closed by this class)
     * @param replicationFactor replication factor of created topics; empty for {@code min(3, brokers)}
     */
    public TopicProvisioner(Admin admin, Optional<Short> replicationFactor) {
        this(admin, replicationFactor, Duration.ofSeconds(60));
    }

    public TopicProvisioner(Admin admin, Optional<Short> replicationFactor, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.replicationFactor = Objects.requireNonNull(replicationFactor, "replicationFactor");
        replicationFactor.ifPresent(rf -> {
            if (rf < 1) {
                throw new IllegalArgumentException("replication factor must be >= 1, was " + rf);
            }
        });
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** What provisioning found and did. */
    public record Result(List<String> created, List<String> alreadyPresent, List<String> mismatches) {

        public Result {
            created = List.copyOf(created);
            alreadyPresent = List.copyOf(alreadyPresent);
            mismatches = List.copyOf(mismatches);
        }

        public boolean consistent() {
            return mismatches.isEmpty();
        }

        /** Fails listing every existing topic that differs from its spec. */
        public Result requireConsistent() {
            if (!mismatches.isEmpty()) {
                throw new TopicMismatchException(mismatches);
            }
            return this;
        }
    }

    /** Existing topics differ from their specs; the product must not run on them as they are. */
    public static final class TopicMismatchException extends IllegalStateException {
        private final List<String> mismatches;

        TopicMismatchException(List<String> mismatches) {
            super("existing topics differ from their specification (fix them or use another prefix):\n  - "
                    + String.join("\n  - ", mismatches));
            this.mismatches = List.copyOf(mismatches);
        }

        public List<String> mismatches() {
            return mismatches;
        }
    }

    /** Creates the missing topics and checks the existing ones. */
    public Result provision(Collection<? extends TopicSpec<?, ?>> specs) {
        Map<String, TopicSpec<?, ?>> byName = new LinkedHashMap<>();
        for (TopicSpec<?, ?> spec : specs) {
            TopicSpec<?, ?> previous = byName.put(spec.name(), spec);
            if (previous != null && !previous.equals(spec)) {
                throw new IllegalArgumentException("topic " + spec.name() + " is specified twice, differently");
            }
        }
        Set<String> existing = await(
                admin.listTopics(new ListTopicsOptions().listInternal(true)).names(), "list topics");

        List<String> created = new ArrayList<>();
        List<String> present = new ArrayList<>();
        List<NewTopic> toCreate = new ArrayList<>();
        short rf = replicationFactor.orElseGet(this::defaultReplicationFactor);
        for (TopicSpec<?, ?> spec : byName.values()) {
            if (existing.contains(spec.name())) {
                present.add(spec.name());
            } else {
                toCreate.add(new NewTopic(spec.name(), spec.partitions(), rf).configs(spec.topicConfigs()));
            }
        }
        if (!toCreate.isEmpty()) {
            CreateTopicsResult result = admin.createTopics(toCreate);
            for (NewTopic topic : toCreate) {
                try {
                    result.values().get(topic.name()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    created.add(topic.name());
                    LOG.debug(
                            "Created topic {} ({} partitions, replication {}, {})",
                            topic.name(),
                            topic.numPartitions(),
                            rf,
                            topic.configs());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "cannot create topic " + topic.name() + ": "
                                        + e.getCause().getMessage(),
                                e.getCause());
                    }
                    // Someone else created it meanwhile: check it like any existing topic.
                    present.add(topic.name());
                } catch (TimeoutException e) {
                    throw new IllegalStateException(
                            "creating topic " + topic.name() + " timed out after " + timeout, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while creating topic " + topic.name(), e);
                }
            }
        }
        awaitVisible(created);
        if (!created.isEmpty()) {
            // One line: a first start creates every topic, and the details are in the topic configs.
            LOG.info("Created {} topics (replication {}): {}", created.size(), rf, created);
        }
        List<String> mismatches = present.isEmpty() ? List.of() : compare(present, byName);
        mismatches.forEach(m -> LOG.warn("Topic mismatch: {}", m));
        return new Result(created, present, mismatches);
    }

    /**
     * Creation is acknowledged by the controller before every broker's metadata has it; clients
     * started right after provisioning (a Streams app checks its source topics once) must see it.
     * A leader in the metadata is not enough: the leader may not have opened the partition yet, and
     * an idempotent producer whose first request is refused there (NOT_LEADER_OR_FOLLOWER) while
     * its second is appended can never deliver the first (KAFKA-15591: the retry's sequence is
     * out of order; the importer lost three rows that way). Each partition's leader answering a
     * list-offsets request shows it takes writes.
     */
    private void awaitVisible(List<String> created) {
        if (created.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> described =
                        admin.describeTopics(created).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                boolean led = described.values().stream()
                        .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null));
                if (led && leadersServe(described)) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException(
                            "cannot describe created topics: " + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("created topics not visible within " + timeout, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for created topics", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("created topics " + created + " have no leader after " + timeout);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for created topics", e);
            }
        }
    }

    private boolean leadersServe(Map<String, TopicDescription> described)
            throws InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        described
                .values()
                .forEach(d -> d.partitions()
                        .forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        try {
            admin.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RetriableException) {
                return false; // not opened yet: asked again until the deadline
            }
            throw new IllegalStateException(
                    "cannot list offsets of created topics: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private List<String> compare(List<String> names, Map<String, TopicSpec<?, ?>> specs) {
        Map<String, TopicDescription> descriptions =
                await(admin.describeTopics(names).allTopicNames(), "describe topics");
        List<ConfigResource> resources = names.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                .toList();
        Map<ConfigResource, Config> configs =
                await(admin.describeConfigs(resources).all(), "describe topic configs");
        List<String> mismatches = new ArrayList<>();
        for (String name : names) {
            TopicSpec<?, ?> spec = specs.get(name);
            int partitions = descriptions.get(name).partitions().size();
            if (partitions != spec.partitions()) {
                mismatches.add("topic " + name + " has " + partitions + " partitions, the specification says "
                        + spec.partitions());
            }
            ConfigEntry policy = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name))
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG);
            String actualPolicy = policy == null ? "delete" : policy.value();
            if (!Set.of(actualPolicy.split(","))
                    .equals(Set.of(spec.cleanupPolicy().configValue()))) {
                mismatches.add("topic " + name + " has cleanup.policy=" + actualPolicy + ", the specification says "
                        + spec.cleanupPolicy().configValue());
            }
        }
        return mismatches;
    }

    private short defaultReplicationFactor() {
        int brokers = await(admin.describeCluster().nodes(), "describe cluster").size();
        return (short) Math.max(1, Math.min(3, brokers));
    }

    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot " + what + ": no answer within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        }
    }
}

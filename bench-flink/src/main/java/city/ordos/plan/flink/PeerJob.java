package city.ordos.plan.flink;

import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.matching.GoalIndex;
import city.ordos.plan.topics.OrdosTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The peer job: the product's per-goal aggregation written for Apache Flink.
 *
 * <pre>
 * 4 input topics ─▶ KafkaSource (read_committed, bytes) ─▶ intake (registry Avro decode, goal match, units)
 *   ─keyBy goal|role|source|period─▶ latest-statement (ValueState: standing statement; emits changes)
 *   ─keyBy goal─▶ goal-sum (MapState per contributor + ValueState totals) ─▶ KafkaSink (EXACTLY_ONCE)
 * </pre>
 *
 * Output: Avro {@code GoalAggregate} keyed planId/goalId, visible to read_committed consumers when the
 * checkpoint that covers it completes.
 */
public final class PeerJob {

    /** Everything the job needs; the catalog is read before the job is defined. */
    public record Settings(
            String bootstrap,
            String registryUrl,
            String inputPrefix,
            String outputTopic,
            long checkpointMs,
            int parallelism,
            long emitIntervalMs,
            String groupId,
            String transactionalIdPrefix,
            Path checkpointDir) {
        public Settings {
            if (checkpointMs < 10) {
                throw new IllegalArgumentException("checkpoint interval must be at least 10 ms, was " + checkpointMs);
            }
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be >= 1, was " + parallelism);
            }
        }
    }

    private PeerJob() {}

    /** The cluster configuration: heap state, checkpoints on local disk, a few restarts then fail. */
    public static Configuration configuration(Settings s) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                s.checkpointDir().toUri().toString());
        // Bad input fails the job (no dead-letter topic here); endless restarts would hide that.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        return conf;
    }

    /** Defines the pipeline on {@code env} (a local MiniCluster environment in the main and the tests). */
    public static void define(StreamExecutionEnvironment env, Settings s, List<GoalDefinition> catalog) {
        env.setParallelism(s.parallelism());
        env.enableCheckpointing(s.checkpointMs(), CheckpointingMode.EXACTLY_ONCE);

        OrdosTopics topics = OrdosTopics.withPrefix(s.inputPrefix());
        Map<String, InputStream> streamsByTopic = new HashMap<>();
        for (InputStream stream : InputStream.values()) {
            streamsByTopic.put(topics.input(stream).name(), stream);
        }

        KafkaSource<InputRecord> source = KafkaSource.<InputRecord>builder()
                .setBootstrapServers(s.bootstrap())
                .setTopics(List.copyOf(streamsByTopic.keySet()))
                .setGroupId(s.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new InputRecords())
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .build();

        KafkaSink<GoalFigure> sink = KafkaSink.<GoalFigure>builder()
                .setBootstrapServers(s.bootstrap())
                .setRecordSerializer(new GoalAggregates(s.outputTopic(), s.registryUrl()))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(s.transactionalIdPrefix())
                // The connector's default (1 h) exceeds the broker's transaction.max.timeout.ms (15 min).
                .setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "60000")
                .setProperty(ProducerConfig.ACKS_CONFIG, "all")
                .build();

        env.fromSource(source, WatermarkStrategy.noWatermarks(), "inputs")
                .uid("inputs")
                .flatMap(new Intake(s.registryUrl(), streamsByTopic, GoalIndex.of(catalog)))
                .name("intake")
                .uid("intake")
                .keyBy(StatementUpdate::statementKey, Types.STRING)
                .process(new LatestStatement())
                .name("latest-statement")
                .uid("latest-statement")
                .keyBy(ContributionChange::goalKey, Types.STRING)
                .process(new GoalSum(s.emitIntervalMs()))
                .name("goal-sum")
                .uid("goal-sum")
                .sinkTo(sink)
                .name("goal-aggregates")
                .uid("goal-aggregates");
    }
}

package city.ordos.plan.flink;

import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.topics.OrdosTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the peer job on a local MiniCluster until killed, or until its input has been idle for a while. */
@Command(
        name = "bench-flink",
        mixinStandardHelpOptions = true,
        description = "The benchmark's Apache Flink peer: per-goal aggregation, exactly-once, on a local MiniCluster.")
public final class FlinkPeerMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkPeerMain.class);
    /** Printed on stdout once the job is RUNNING. */
    public static final String RUNNING_LINE = "FLINK-PEER RUNNING";

    @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--registry", required = true, description = "Schema registry URL.")
    String registry;

    @Option(
            names = "--input-prefix",
            defaultValue = "",
            description = "Topic prefix of the input and goal topics (OrdosTopics.withPrefix).")
    String inputPrefix;

    @Option(
            names = "--output-topic",
            required = true,
            description = "Topic of the per-goal aggregates (created if missing).")
    String outputTopic;

    @Option(
            names = "--checkpoint-ms",
            defaultValue = "100",
            description = "Checkpoint interval; output becomes visible when a checkpoint completes.")
    long checkpointMs;

    @Option(names = "--parallelism", defaultValue = "1", description = "Parallelism of every operator.")
    int parallelism;

    @Option(
            names = "--emit-interval-ms",
            defaultValue = "0",
            description = "Emit a changed goal at most once per interval (0: on every change).")
    long emitIntervalMs;

    @Option(
            names = "--group-id",
            defaultValue = "ordos-flink-peer",
            description = "Consumer group the source commits offsets to.")
    String groupId;

    @Option(
            names = "--transactional-id-prefix",
            description = "Prefix of the sink's transactional ids (default: the group id).")
    String transactionalIdPrefix;

    @Option(
            names = "--checkpoint-dir",
            description = "Checkpoint directory (default: <tmp>/ordos-flink-peer/<group id>).")
    Path checkpointDir;

    @Option(
            names = "--stop-after-idle",
            description =
                    "Stop once every input record is consumed and checkpointed and nothing moved for this long (e.g. 30s, PT1M).",
            converter = DurationConverter.class)
    Duration stopAfterIdle;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FlinkPeerMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        OrdosTopics topics = OrdosTopics.withPrefix(inputPrefix);
        PeerJob.Settings settings = new PeerJob.Settings(
                bootstrap,
                registry,
                inputPrefix,
                outputTopic,
                checkpointMs,
                parallelism,
                emitIntervalMs,
                groupId,
                transactionalIdPrefix == null ? groupId : transactionalIdPrefix,
                checkpointDir != null
                        ? checkpointDir
                        : Path.of(System.getProperty("java.io.tmpdir"), "ordos-flink-peer", groupId));
        ensureTopic(outputTopic, topics.progress().partitions());
        List<GoalDefinition> catalog =
                CatalogReader.read(bootstrap, registry, topics.goals().name(), Duration.ofMinutes(1));
        LOG.info(
                "catalog: {} goals; checkpoint every {} ms, parallelism {}, emit interval {} ms",
                catalog.size(),
                checkpointMs,
                parallelism,
                emitIntervalMs);

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, PeerJob.configuration(settings));
        PeerJob.define(env, settings, catalog);
        JobClient job = env.executeAsync("ordos-flink-peer");
        awaitRunning(job);
        // For whoever launched us: bench's FlinkPeer starts its clock's "ready" mark here.
        System.out.println(RUNNING_LINE + " job " + job.getJobID());
        System.out.flush();
        if (stopAfterIdle == null) {
            job.getJobExecutionResult().get();
            return 0;
        }
        try (IdleWatch idle = new IdleWatch(bootstrap, groupId, topics)) {
            while (!idle.idleFor(stopAfterIdle)) {
                if (job.getJobStatus().get().isGloballyTerminalState()) {
                    job.getJobExecutionResult().get(); // throws the job's failure
                    return 0;
                }
                Thread.sleep(500); // sampling the group's committed offsets, not waiting for a delivery
            }
        }
        LOG.info("input idle for {}: cancelling the job", stopAfterIdle);
        job.cancel().get();
        return 0;
    }

    private static void awaitRunning(JobClient job) throws Exception {
        while (true) {
            JobStatus status = job.getJobStatus().get();
            if (status == JobStatus.RUNNING) {
                return;
            }
            if (status.isGloballyTerminalState()) {
                job.getJobExecutionResult().get(); // throws the job's failure
                throw new IllegalStateException("job ended before running: " + status);
            }
            Thread.sleep(10); // polling the job's own status
        }
    }

    private void ensureTopic(String topic, int partitions) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** Accepts "30s", "500ms", "2m" or ISO-8601 ("PT30S"). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (v.startsWith("pt")) {
                return Duration.parse(v);
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            throw new CommandLine.TypeConversionException(
                    "not a duration: '" + value + "' (use 30s, 500ms, 2m or PT30S)");
        }
    }
}

package city.ordos.plan.flink;

import city.ordos.plan.topics.OrdosTopics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Tells when the job has nothing left to do: the offsets its source commits on each completed
 * checkpoint have not moved for a while, once it has caught up with the inputs' end or committed
 * anything at all (a transactional input's last commit marker keeps "caught up" one short).
 */
final class IdleWatch implements AutoCloseable {

    private final Admin admin;
    private final String groupId;
    private final List<String> inputs;
    private Map<TopicPartition, Long> last = Map.of();
    private long unchangedSince = System.nanoTime();

    IdleWatch(String bootstrap, String groupId, OrdosTopics topics) {
        this.admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
        this.groupId = groupId;
        this.inputs = topics.inputs().stream().map(t -> t.name()).toList();
    }

    boolean idleFor(Duration idle) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (var e : admin.describeTopics(inputs).allTopicNames().get().entrySet()) {
            e.getValue()
                    .partitions()
                    .forEach(p -> request.put(new TopicPartition(e.getKey(), p.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                        request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata()
                .get();
        Map<TopicPartition, Long> now = new HashMap<>();
        boolean caughtUp = true;
        boolean started = !committed.isEmpty();
        for (var e : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            long position = c == null ? 0 : c.offset();
            now.put(e.getKey(), position);
            caughtUp &= position >= e.getValue().offset();
        }
        if (!now.equals(last) || !(caughtUp || started)) {
            last = now;
            unchangedSince = System.nanoTime();
            return false;
        }
        return System.nanoTime() - unchangedSince >= idle.toNanos();
    }

    @Override
    public void close() {
        admin.close();
    }
}

package city.ordos.plan.app;

import city.ordos.plan.api.PipelineCatchUp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.TopologyDescription;

/**
 * {@link PipelineCatchUp} from the application's consumer group: caught up once the group has
 * committed, on every topic its sub-topologies read, the end offsets those topics had when asked.
 *
 * <p>One mark is not enough: what the first sub-topology made of the marked input is written to the
 * repartition topic, and from there to the progress history, only as it is processed. So the mark
 * is taken again each time it is reached, once per sub-topology, and each round's mark holds what the
 * round before produced (under exactly-once the outputs and the offsets commit together). The ends
 * are the last stable offsets (read_committed), and a partition the group has never committed
 * counts from its log start: a partition emptied by retention is not waited for.
 */
public final class ConsumerGroupCatchUp implements PipelineCatchUp, AutoCloseable {

    /** The offsets a round compares; {@link #kafka} reads them from the cluster. */
    interface Offsets {
        Map<TopicPartition, Long> starts();

        Map<TopicPartition, Long> ends();

        Map<TopicPartition, Long> committed();
    }

    private final Offsets offsets;
    private final int rounds;
    private final AutoCloseable resources;
    private Map<TopicPartition, Long> mark;
    private Map<TopicPartition, Long> startsAtMark;
    private int round;

    ConsumerGroupCatchUp(Offsets offsets, int rounds, AutoCloseable resources) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, was " + rounds);
        }
        this.offsets = offsets;
        this.rounds = rounds;
        this.resources = resources;
    }

    /**
     * For the application {@code applicationId} running {@code topology}: the topics are its
     * sub-topologies' sources (global stores are not read by the group), repartition topics under
     * the application id as Kafka Streams names them; one round per sub-topology.
     */
    public static ConsumerGroupCatchUp of(
            Map<String, Object> clientConfig, String applicationId, TopologyDescription topology, Duration timeout) {
        Set<String> topics = new LinkedHashSet<>();
        for (TopologyDescription.Subtopology s : topology.subtopologies()) {
            for (TopologyDescription.Node n : s.nodes()) {
                if (n instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    source.topicSet()
                            .forEach(t -> topics.add(t.endsWith("-repartition") ? applicationId + "-" + t : t));
                }
            }
        }
        Admin admin = Admin.create(clientConfig);
        return new ConsumerGroupCatchUp(
                kafka(admin, applicationId, List.copyOf(topics), timeout),
                topology.subtopologies().size(),
                admin);
    }

    @Override
    public synchronized Optional<String> behind() {
        for (; ; ) {
            if (mark == null) {
                startsAtMark = offsets.starts();
                mark = offsets.ends();
                round = 1;
            }
            Map<TopicPartition, Long> committed = offsets.committed();
            long records = 0;
            int partitions = 0;
            for (Map.Entry<TopicPartition, Long> e : mark.entrySet()) {
                long done = committed.getOrDefault(e.getKey(), startsAtMark.getOrDefault(e.getKey(), 0L));
                if (done < e.getValue()) {
                    records += e.getValue() - done;
                    partitions++;
                }
            }
            if (partitions > 0) {
                return Optional.of(String.format(
                        "%,d records on %d partition%s not yet processed (round %d of %d)",
                        records, partitions, partitions == 1 ? "" : "s", round, rounds));
            }
            if (round == rounds) {
                mark = null;
                return Optional.empty();
            }
            startsAtMark = offsets.starts();
            mark = offsets.ends();
            round++;
        }
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }

    private static Offsets kafka(Admin admin, String groupId, List<String> topics, Duration timeout) {
        return new Offsets() {
            @Override
            public Map<TopicPartition, Long> starts() {
                return list(OffsetSpec.earliest());
            }

            @Override
            public Map<TopicPartition, Long> ends() {
                return list(OffsetSpec.latest());
            }

            @Override
            public Map<TopicPartition, Long> committed() {
                Map<TopicPartition, OffsetAndMetadata> c = get(
                        admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata(),
                        "the committed offsets of consumer group " + groupId);
                Map<TopicPartition, Long> out = new HashMap<>();
                c.forEach((tp, o) -> {
                    if (o != null) {
                        out.put(tp, o.offset());
                    }
                });
                return out;
            }

            private Map<TopicPartition, Long> list(OffsetSpec spec) {
                List<TopicPartition> partitions = new ArrayList<>();
                get(admin.describeTopics(topics).allTopicNames(), "the partitions of " + topics)
                        .forEach((name, d) ->
                                d.partitions().forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                partitions.forEach(tp -> request.put(tp, spec));
                Map<TopicPartition, Long> out = new HashMap<>();
                get(
                                admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                                        .all(),
                                "the offsets of " + topics)
                        .forEach((tp, info) -> out.put(tp, info.offset()));
                return out;
            }

            private <T> T get(KafkaFuture<T> future, String what) {
                try {
                    return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("cannot read " + what, e.getCause());
                } catch (TimeoutException e) {
                    throw new IllegalStateException("cannot read " + what + " within " + timeout, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted reading " + what, e);
                }
            }
        };
    }
}

package city.ordos.plan.api;

import city.ordos.plan.avro.GoalProgress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@link GoalState} over a running {@link KafkaStreams}: the progress store (key planId/goalId), in
 * the task that owns the goal's partition, and the statements store (key
 * planId/goalId|ROLE|sourceId|period, prefix-scanned by goal and folded into contributions by
 * {@link SourceContributions}), in the input tasks that own the sources, so a goal's contributions
 * are spread over every instance.
 */
public final class StreamsGoalState implements GoalState {

    private final KafkaStreams streams;
    private final String progressStore;
    private final String statementsStore;
    private final Instance self;

    /**
     * @param self this instance's {@code application.server} endpoint, or null when it is the only
     *             instance (no application.server configured)
     */
    public StreamsGoalState(KafkaStreams streams, String progressStore, String statementsStore, Instance self) {
        this.streams = streams;
        this.progressStore = progressStore;
        this.statementsStore = statementsStore;
        this.self = self;
    }

    @Override
    public List<GoalProgress> localProgress() {
        List<GoalProgress> out = new ArrayList<>();
        try (KeyValueIterator<String, GoalProgress> it =
                this.<GoalProgress>store(progressStore).all()) {
            while (it.hasNext()) {
                KeyValue<String, GoalProgress> kv = it.next();
                if (kv.value != null) {
                    out.add(kv.value);
                }
            }
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
        return out;
    }

    @Override
    public Optional<GoalProgress> localProgress(String goalKey) {
        try {
            return Optional.ofNullable(this.<GoalProgress>store(progressStore).get(goalKey));
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    @Override
    public List<Views.Contribution> localContributions(String goalKey) {
        List<GenericRecord> statements = new ArrayList<>();
        ReadOnlyKeyValueStore<String, GenericRecord> store;
        try {
            store = store(statementsStore);
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
        try (KeyValueIterator<String, GenericRecord> it = store.prefixScan(goalKey + "|", new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, GenericRecord> kv = it.next();
                if (kv.value != null) {
                    statements.add(kv.value);
                }
            }
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
        return SourceContributions.of(statements);
    }

    @Override
    public Optional<Instance> ownerOf(String goalKey) {
        if (self == null) {
            return Optional.of(self());
        }
        KeyQueryMetadata meta = streams.queryMetadataForKey(
                progressStore, goalKey, Serdes.String().serializer());
        if (meta == null || meta == KeyQueryMetadata.NOT_AVAILABLE) {
            return Optional.empty();
        }
        HostInfo host = meta.activeHost();
        return Optional.of(new Instance(host.host(), host.port()));
    }

    @Override
    public List<Instance> instances() {
        if (self == null) {
            return List.of(self());
        }
        Set<Instance> all = new LinkedHashSet<>();
        all.add(self);
        for (StreamsMetadata m : streams.metadataForAllStreamsClients()) {
            HostInfo h = m.hostInfo();
            all.add(new Instance(h.host(), h.port()));
        }
        return List.copyOf(all);
    }

    @Override
    public Instance self() {
        return self != null ? self : new Instance("localhost", -1);
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return streams.store(
                StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
    }

    private StateUnavailableException unavailable(InvalidStateStoreException e) {
        return new StateUnavailableException(
                "goal state not queryable now (Kafka Streams is " + streams.state() + "): " + e.getMessage(), e);
    }
}

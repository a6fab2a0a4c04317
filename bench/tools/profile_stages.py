#!/usr/bin/env python3
"""CPU per input event by stage, from an async-profiler collapsed-stack file, as tabled in
docs/performance.md ("Per-event cost by stage").

Usage:
  python3 bench/tools/profile_stages.py app   app.collapsed   EVENTS [INTERVAL_MS]
  python3 bench/tools/profile_stages.py flink flink.collapsed EVENTS [INTERVAL_MS]

The file comes from the profiler started with the JVM, one sample per INTERVAL_MS (default 5) of
CPU time (event=itimer), with thread names (the 'threads' option), e.g.
  --app-jvm=-agentpath:/path/libasyncProfiler.so=start,event=itimer,interval=5ms,threads,collapsed,file=app.collapsed
A stack goes to the first stage whose test it passes, in the order below; microseconds per event
are samples x interval / EVENTS, over the whole run (JVM start and JIT included).
"""
import collections
import re
import sys


def app_stage(frames):
    thread, stack = frames[0], ";".join(frames)
    if "StreamThread" not in thread:
        if any(t in thread for t in ("GC Thread", "G1 ", "GN Conc", "VM Thread")):
            return "GC and VM threads"
        if "CompilerThre" in thread:
            return "JIT compiler"
        if "rocksdb" in thread:
            return "RocksDB background threads (flush, compaction)"
        return "other threads (API, feeds, producers' network)"
    if any(c in stack for c in ("commitOffsetsOrTransaction", "commitTransaction", "sendOffsetsToTransaction")):
        return "stream thread: commit (transaction, offsets)"
    if "NamedCache.flush" in stack or "ThreadCache.flush" in stack:
        if "RecordCollectorImpl.send" in stack or "KafkaProducer" in stack:
            return "stream thread: changelog send (cache flush/evict)"
        if "RocksDB" in stack or "WriteBatch" in stack or "rocksdb" in stack:
            return "stream thread: RocksDB write (cache flush/evict)"
        return "stream thread: cache flush/evict, other"
    # Stores without a record cache (the per-source ones) log and write on every put.
    if "ChangeLoggingKeyValueBytesStore" in stack and "RecordCollectorImpl.send" in stack:
        return "stream thread: changelog send (uncached store put)"
    if "RecordCollectorImpl.send" in stack:
        return "stream thread: output, repartition, dead-letter send"
    if ("CachingKeyValueStore.get" in stack or "MeteredKeyValueStore.get" in stack) and re.search(
        r"RocksDB[^;]*\.get|rocksdb::|librocksdb|pread", stack
    ):
        return "stream thread: store get, RocksDB (uncached store or record-cache miss)"
    if "MeteredKeyValueStore.put" in stack and re.search(r"RocksDB[^;]*\.put|rocksdb::|librocksdb|WriteBatch", stack):
        return "stream thread: store put, RocksDB write (uncached store)"
    if "CachingKeyValueStore.get" in stack or "MeteredKeyValueStore.get" in stack:
        if "deserialize" in stack:
            return "stream thread: store get, value decode (Avro)"
        return "stream thread: store get, record cache"
    if "MeteredKeyValueStore.put" in stack or "CachingKeyValueStore.put" in stack:
        if "serialize" in stack:
            return "stream thread: store put, value encode (Avro)"
        return "stream thread: store put, record cache"
    inner = None
    for f in frames:
        m = re.match(r"city/ordos/plan/.*/([A-Za-z]+Processor)\b", f)
        if m:
            inner = m.group(1)
    if "InputDecoder" in stack or (inner == "IntakeProcessor" and "deserial" in stack):
        return "stream thread: input decode (Avro, registry)"
    if inner == "IntakeProcessor":
        return "stream thread: matching and intake"
    if inner == "StatementHistoryProcessor":
        return "stream thread: time-travel logic"
    if inner:
        return "stream thread: sums, evaluation, alerts logic"
    if "KafkaConsumer.poll" in stack or "pollRequests" in stack or "epoll" in stack.lower():
        return "stream thread: consumer poll"
    return "stream thread: Kafka Streams framework (queues, metrics, forwarding)"


def flink_stage(frames):
    thread, stack = frames[0], ";".join(frames)
    if any(t in thread for t in ("GC Thread", "G1 ", "GN Conc", "VM Thread")):
        return "GC and VM threads"
    if "CompilerThre" in thread:
        return "JIT compiler"
    if "AsyncOperations" in thread:
        return "checkpoints: asynchronous snapshot of the heap state"
    if "Source Data Fetcher" in thread:
        return "source: Kafka fetch"
    if "kafka-producer-network" in thread:
        return "sink: producer network thread"
    if "Source: inputs" in thread:
        if "RecordWriter" in stack or "StreamElementSerializer" in stack:
            return 'task "inputs -> intake": shuffle out (serialize)'
        return 'task "inputs -> intake": decode, matching, intake'
    if "latest-statement" in thread:
        if any(s in stack for s in ("StateMap", "HeapValueState", "HeapMapState")):
            return 'task "latest-statement": keyed heap state'
        if "serialize" in stack or "RecordWriter" in stack or "Deserializer" in stack:
            return 'task "latest-statement": shuffle in/out'
        return 'task "latest-statement": logic, framework'
    if "goal-sum" in thread:
        if "KafkaWriter" in stack or "KafkaProducer" in stack or "Committer" in stack:
            return 'task "goal-sum -> sink": Kafka sink (transactional)'
        return 'task "goal-sum -> sink": state, logic, framework'
    if "main" in thread:
        return "main thread (job setup)"
    return "other threads (job manager, RPC)"


def main():
    kind, path, events = sys.argv[1], sys.argv[2], float(sys.argv[3])
    interval_ms = float(sys.argv[4]) if len(sys.argv) > 4 else 5.0
    classify = app_stage if kind == "app" else flink_stage
    stages = collections.Counter()
    total = 0
    with open(path) as f:
        for line in f:
            stack, _, n = line.rstrip().rpartition(" ")
            n = int(n)
            total += n
            stages[classify(stack.split(";"))] += n
    per_event = lambda samples: samples * interval_ms * 1000 / events
    print(f"| stage | µs per event | share |")
    print(f"|---|---|---|")
    for stage, samples in sorted(stages.items()):
        print(f"| {stage} | {per_event(samples):.1f} | {100 * samples / total:.0f}% |")
    print(f"| **all CPU of the process** | **{per_event(total):.1f}** | 100% |")


if __name__ == "__main__":
    main()

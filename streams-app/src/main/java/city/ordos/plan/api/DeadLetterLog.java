package city.ordos.plan.api;

import city.ordos.plan.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dead letters as the monitoring centre reads them: how many there are by reason and by
 * component since the topic began, and the latest {@code limit} of them. Every input record ends in
 * an aggregate or here; without this the letters were only counted (reconcile, /metrics), and an
 * operator could not see which file, line or record a department has to correct.
 */
final class DeadLetterLog {

    /** How much of an original record is shown: a table row whole, a binary record not at all. */
    static final int SHOWN_ORIGINAL_CHARS = 500;

    /** One dead letter as the API shows it. */
    record Letter(
            String deadLetteredAt,
            String component,
            String reasonCode,
            String message,
            List<String> goals,
            String sourceTopic,
            Integer sourcePartition,
            Long sourceOffset,
            String sourceFile,
            Long sourceLine,
            String originalKey,
            String originalValue,
            Integer originalValueSize) {

        static Letter of(DeadLetter d) {
            return new Letter(
                    d.getDeadLetteredAt().toString(),
                    d.getComponent(),
                    d.getReasonCode(),
                    d.getMessage(),
                    List.copyOf(d.getGoals()),
                    d.getSourceTopic(),
                    d.getSourcePartition(),
                    d.getSourceOffset(),
                    d.getSourceFile(),
                    d.getSourceLine(),
                    text(d.getOriginalKey()),
                    text(d.getOriginalValue()),
                    d.getOriginalValueSize() != null
                            ? d.getOriginalValueSize()
                            : d.getOriginalValue() == null
                                    ? null
                                    : d.getOriginalValue().remaining());
        }
    }

    /**
     * The counts of all letters since the topic began, how many of the kept ones match the
     * filter, and the latest of those, newest first.
     */
    record Page(
            long total,
            Map<String, Long> byReason,
            Map<String, Long> byComponent,
            long matching,
            List<Letter> letters) {}

    private final int limit;
    private final Deque<DeadLetter> recent = new ArrayDeque<>();
    private final Map<String, Long> byReason = new TreeMap<>();
    private final Map<String, Long> byComponent = new TreeMap<>();
    private long total;

    DeadLetterLog(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        this.limit = limit;
    }

    synchronized void add(DeadLetter letter) {
        total++;
        byReason.merge(letter.getReasonCode(), 1L, Long::sum);
        byComponent.merge(letter.getComponent(), 1L, Long::sum);
        recent.addFirst(letter);
        while (recent.size() > limit) {
            recent.removeLast();
        }
    }

    /**
     * Letters with this reason (any case) and of this component (any case; {@code alert-notifier}
     * takes every {@code alert-notifier/<receiver>}), null for any, newest first by the time they
     * were set aside (the feed interleaves the topic's partitions), at most {@code max}.
     */
    synchronized Page page(String reason, String component, int max) {
        List<DeadLetter> matching = recent.stream()
                .filter(d -> reason == null || reason.equalsIgnoreCase(d.getReasonCode()))
                .filter(d -> component == null || ofComponent(d.getComponent(), component))
                .sorted(Comparator.comparing(DeadLetter::getDeadLetteredAt).reversed())
                .toList();
        return new Page(
                total,
                new TreeMap<>(byReason),
                new TreeMap<>(byComponent),
                matching.size(),
                matching.stream().limit(max).map(Letter::of).toList());
    }

    private static boolean ofComponent(String actual, String asked) {
        String a = actual.toLowerCase(Locale.ROOT);
        String q = asked.toLowerCase(Locale.ROOT);
        return a.equals(q) || a.startsWith(q + "/");
    }

    /** The bytes as text when they are UTF-8 text (a table row, a JSON key), clipped; null otherwise. */
    static String text(ByteBuffer bytes) {
        if (bytes == null) {
            return null;
        }
        String s;
        try {
            s = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes.duplicate())
                    .toString();
        } catch (CharacterCodingException binary) {
            return null; // Avro or other binary: its size and the source coordinates identify it
        }
        if (s.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r')) {
            return null;
        }
        return s.length() <= SHOWN_ORIGINAL_CHARS ? s : s.substring(0, SHOWN_ORIGINAL_CHARS) + "…";
    }
}

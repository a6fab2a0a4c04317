package city.ordos.plan.producers;

import java.util.List;

/**
 * What happened to every send: the exit status of a producer run is derived from it.
 *
 * @param sent records handed to the publisher (each counted once, however often it was sent)
 * @param resent sends repeated after a retriable failure (a record in {@code delivered} or
 *               {@code failed} all the same)
 * @param failures the first few failure messages (topic, key, cause)
 */
public record DeliveryReport(long sent, long delivered, long failed, long resent, List<String> failures) {

    public DeliveryReport(long sent, long delivered, long failed, List<String> failures) {
        this(sent, delivered, failed, 0, failures);
    }

    public boolean allDelivered() {
        return failed == 0 && delivered == sent;
    }

    /** The counts in Chinese and English: {@code 发送 3 条，送达 3 条，失败 0 条 / sent 3, delivered 3, failed 0}. */
    public ConsoleText counts() {
        return new ConsoleText(
                "发送 " + sent + " 条，送达 " + delivered + " 条，失败 " + failed + " 条"
                        + (resent > 0 ? "，重发 " + resent + " 次" : ""),
                toString());
    }

    /**
     * The summary line a producer command ends with:
     * {@code 投递：发送 3 条，送达 3 条，失败 0 条 / delivery: sent 3, delivered 3, failed 0}.
     */
    public String consoleLine() {
        return "投递：" + counts().zh() + " / delivery: " + this;
    }

    /** A line per kept failure, following {@link #consoleLine()}. */
    public List<String> failureLines() {
        return failures.stream().map(f -> "  失败 / failed: " + f).toList();
    }

    @Override
    public String toString() {
        return "sent " + sent + ", delivered " + delivered + ", failed " + failed
                + (resent > 0 ? ", resent " + resent : "");
    }
}

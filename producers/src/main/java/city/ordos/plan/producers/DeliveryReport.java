package city.ordos.plan.producers;

import java.util.List;

/**
 * What happened to every send: the exit status of a producer run is derived from it.
 *
 * @param failures the first few failure messages (topic, key, cause)
 */
public record DeliveryReport(long sent, long delivered, long failed, List<String> failures) {

    public boolean allDelivered() {
        return failed == 0 && delivered == sent;
    }

    /** The counts in Chinese and English: {@code 发送 3 条，送达 3 条，失败 0 条 / sent 3, delivered 3, failed 0}. */
    public ConsoleText counts() {
        return new ConsoleText("发送 " + sent + " 条，送达 " + delivered + " 条，失败 " + failed + " 条", toString());
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
        return "sent " + sent + ", delivered " + delivered + ", failed " + failed;
    }
}

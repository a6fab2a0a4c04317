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

    @Override
    public String toString() {
        return "sent " + sent + ", delivered " + delivered + ", failed " + failed;
    }
}

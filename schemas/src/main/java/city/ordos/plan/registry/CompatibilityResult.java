package city.ordos.plan.registry;

import java.util.List;

/** Answer of a compatibility check: compatible or not, and the registry's reasons when not. */
public record CompatibilityResult(boolean compatible, List<String> messages) {

    public CompatibilityResult {
        messages = List.copyOf(messages);
    }

    public static CompatibilityResult ok() {
        return new CompatibilityResult(true, List.of());
    }
}

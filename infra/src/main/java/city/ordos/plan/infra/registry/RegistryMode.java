package city.ordos.plan.infra.registry;

import java.util.Locale;
import java.util.Optional;

/**
 * Confluent's registry modes. READWRITE is the default; READONLY (and READONLY_OVERRIDE, which
 * this registry treats the same) refuses changes; IMPORT accepts registrations with explicit ids
 * and versions, without compatibility checks, to copy another registry's contents with their ids.
 * Confluent's FORWARD mode (Confluent Cloud schema linking) is not supported.
 */
enum RegistryMode {
    READWRITE,
    READONLY,
    READONLY_OVERRIDE,
    IMPORT;

    boolean readOnly() {
        return this == READONLY || this == READONLY_OVERRIDE;
    }

    static Optional<RegistryMode> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

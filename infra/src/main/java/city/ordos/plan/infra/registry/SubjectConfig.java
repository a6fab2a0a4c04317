package city.ordos.plan.infra.registry;

import city.ordos.plan.registry.CompatibilityLevel;

/**
 * The config fields this registry stores for a subject (or globally), as Confluent's
 * {@code ConfigValue}: each one null when not set at this level. Other Confluent config fields
 * (aliases, metadata and rule-set defaults, validation switches) are refused, not stored.
 */
record SubjectConfig(CompatibilityLevel compatibilityLevel, Boolean normalize) {

    static final SubjectConfig EMPTY = new SubjectConfig(null, null);

    /** This config with the fields {@code update} sets replacing ours (a PUT /config is a partial update). */
    SubjectConfig updatedWith(SubjectConfig update) {
        return new SubjectConfig(
                update.compatibilityLevel != null ? update.compatibilityLevel : compatibilityLevel,
                update.normalize != null ? update.normalize : normalize);
    }

    /** The level as answered: this config's own, else {@code fallback} (Confluent fills it in on every answer). */
    SubjectConfig withLevelOrElse(CompatibilityLevel fallback) {
        return compatibilityLevel != null ? this : new SubjectConfig(fallback, normalize);
    }
}

package city.ordos.plan.catalog;

/** A plan section goals refer to by key ("headline", "1.3"), with its bilingual title. */
public record Section(String key, String titleZh, String titleEn) {}

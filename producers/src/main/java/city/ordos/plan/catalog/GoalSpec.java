package city.ordos.plan.catalog;

import java.util.List;

/**
 * One catalog entry as written in the file. Every scalar is kept as the text the file holds (null
 * when absent) so that the {@link CatalogValidator} can report every mistake at once, naming the
 * entry and the field, instead of failing on the first number that does not parse.
 *
 * @param position      1-based position of the entry in the file's goal list (names entries without an id)
 * @param unknownFields fields the file has that a catalog entry does not (typos such as {@code taget})
 */
public record GoalSpec(
        String id,
        String section,
        String phraseZh,
        String nameZh,
        String nameEn,
        String unit,
        String comparator,
        String target,
        String tolerance,
        String kind,
        String baseline2024,
        String department,
        FeedSpec feed,
        FeedSpec numerator,
        FeedSpec denominator,
        String ratioScale,
        String pace,
        String startLevel,
        String cadenceDays,
        String ambiguous,
        String readingNote,
        String readingNoteZh,
        String atRiskBelow,
        String behindBelow,
        String alertForHours,
        String alertKeepFiringHours,
        int position,
        List<String> unknownFields) {

    public GoalSpec {
        unknownFields = unknownFields == null ? List.of() : List.copyOf(unknownFields);
    }

    /** How errors name this entry: its id, or its position when it has none. */
    public String label() {
        return id == null || id.isBlank() ? "#" + position : id;
    }
}

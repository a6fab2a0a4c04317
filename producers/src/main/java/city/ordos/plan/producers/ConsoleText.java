package city.ordos.plan.producers;

/**
 * Console text in Chinese and English, printed as {@code 中文 / English}, the form of the
 * importer's rejections ({@code RejectReason}): the people reading the console read Chinese, the
 * English half keeps lines searchable and scripts' patterns working.
 */
public record ConsoleText(String zh, String en) {

    @Override
    public String toString() {
        return zh + " / " + en;
    }
}

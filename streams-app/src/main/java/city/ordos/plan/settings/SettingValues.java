package city.ordos.plan.settings;

import java.util.Map;

/**
 * The one reading of a yes/no setting of the product ({@code ordos.*}): {@code true} or
 * {@code false} in any case, blanks around ignored, anything else refused with the key's name.
 * {@link Boolean#parseBoolean} reads "yes", "on" or "ture" as false, so a typo in a deployment
 * would silently keep or flip a switch (the wall screen signing in, notices going out).
 */
public final class SettingValues {

    private SettingValues() {}

    /** The setting's value, which must be present. */
    public static boolean bool(String key, Object raw) {
        String text = raw == null ? "" : raw.toString().trim();
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("setting " + key + " must be true or false, was '" + raw + "'");
    }

    /** The setting's value in {@code values}, or {@code defaultValue} when it is not set. */
    public static boolean bool(Map<?, ?> values, String key, boolean defaultValue) {
        Object raw = values.get(key);
        return raw == null ? defaultValue : bool(key, raw);
    }
}

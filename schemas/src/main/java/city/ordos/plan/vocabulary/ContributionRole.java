package city.ordos.plan.vocabulary;

/**
 * The part a statement plays in a goal's figure: the goal's own feed, or the numerator or
 * denominator of a share or intensity. Written by name into the {@code role} field of the internal
 * records and into store keys, so the names are part of the stored format.
 */
public enum ContributionRole {
    FEED,
    NUMERATOR,
    DENOMINATOR;

    /** The role a stored name stands for; a name outside the three is a broken invariant, not bad input. */
    public static ContributionRole of(String name) {
        for (ContributionRole role : values()) {
            if (role.name().equals(name)) {
                return role;
            }
        }
        throw new IllegalStateException("unknown role " + name);
    }

    /** The county breakdown follows the feed or the numerator; a denominator has none. */
    public boolean carriesCounties() {
        return this != DENOMINATOR;
    }
}

package city.ordos.plan.units;

/**
 * What a unit measures. Amounts convert only within one dimension. Counts of different things
 * (projects, toilets, households, schools) are separate dimensions on purpose: 20 个 mines are not
 * 20 户 households, so a feed stated in one can never silently fill a goal stated in the other.
 */
public enum Dimension {
    MONEY("money", true),
    POWER("installed power capacity", true),
    ELECTRIC_ENERGY("electric energy", true),
    VOLUME("volume (gas, water)", true),
    AREA("land area", true),
    MASS("mass", true),
    STANDARD_COAL("energy in standard coal equivalent", true),
    WATER_INTENSITY("water use per 10,000 yuan of value", false),
    RATIO("percent or plain ratio", false),
    PERCENTAGE_POINT("percentage points (a difference of percents)", false),
    LENGTH("length", true),
    PERSONS("persons (人)", true),
    SHEEP_GOATS("head of sheep and goats (只)", true),
    CATTLE("head of cattle (头)", true),
    HOUSEHOLDS("households (户)", true),
    COUNT_GE("count of items (个)", true),
    COUNT_CHU("count of sites or works (处)", true),
    COUNT_TAO("count of dwellings or sets (套)", true),
    COUNT_BU("count of machines such as lifts (部)", true),
    COUNT_SUO("count of schools or institutions (所)", true),
    COUNT_JIA("count of enterprises (家)", true),
    COUNT_ZUO("count of structures (座)", true),
    COUNT_ZHANG("count of flat items such as beds or cards (张)", true),
    COUNT_XIANG("count of projects or items (项)", true);

    private final String description;
    private final boolean additive;

    Dimension(String description, boolean additive) {
        this.description = description;
        this.additive = additive;
    }

    public String description() {
        return description;
    }

    /**
     * Whether amounts of this dimension add up over sources. Percentages, ratios and intensities do
     * not: a share is a ratio of two sums, never a sum of shares.
     */
    public boolean additive() {
        return additive;
    }
}

package city.ordos.plan.producers.sim;

/** What a source states besides the common statement fields, per input stream. */
public sealed interface SourceDetails {

    record Investment(String projectId, String projectName, String tier, String sector) implements SourceDetails {}

    record Energy(String facilityId, String energySource) implements SourceDetails {}

    record Environment(String category) implements SourceDetails {}

    record Statistics(String indicator, String measure) implements SourceDetails {}
}

package city.ordos.plan.guide;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The guide's Java example is the code {@code GuideProducersIT} runs, word for word. */
class GuideExamplesTest {

    @Test
    void theJavaExampleInTheGuideIsTheTestedProducer() {
        String tested = GuideExamples.markedRegion(GuideExamples.repository()
                .resolve("streams-app/src/test/java/city/ordos/plan/guide/GuideJavaProducer.java"));

        assertThat(GuideExamples.block("### Java", "java")).isEqualTo(tested);
    }

    @Test
    void theNodeExampleConfiguresConfluentsSerializerWithoutAutoRegistration() {
        String script = GuideExamples.block("### Node.js", "js");

        assertThat(script)
                .contains("require('@confluentinc/schemaregistry')")
                .contains("autoRegisterSchemas: false")
                .contains("useLatestVersion: true");
    }
}

package city.ordos.plan.registry;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.InvestmentReport;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.junit.jupiter.api.Test;

class WriterSchemaCheckTest {

    private static final Schema PRODUCT = InvestmentReport.getClassSchema();
    private static final String DECIMAL =
            "{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":38,\"scale\":6}";
    private static final String TIMESTAMP =
            "\"eventTime\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}";

    /** The product's own schema with one piece of its JSON replaced. */
    private static Schema writer(String from, String to) {
        String json = PRODUCT.toString();
        assertThat(json).as("test setup: the schema contains %s", from).contains(from);
        return new Schema.Parser().parse(json.replace(from, to));
    }

    /** The product's schema without one of its top-level fields. */
    private static Schema withoutField(String name) {
        try {
            ObjectNode json = (ObjectNode) new ObjectMapper().readTree(PRODUCT.toString());
            ArrayNode fields = (ArrayNode) json.get("fields");
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).get("name").asText().equals(name)) {
                    fields.remove(i);
                    return new Schema.Parser().parse(json.toString());
                }
            }
            throw new IllegalArgumentException("no field " + name);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> problems(Schema writer) {
        return WriterSchemaCheck.problems(PRODUCT, writer);
    }

    @Test
    void theProductsOwnSchemaAndHarmlessDifferencesPass() {
        assertThat(problems(PRODUCT)).isEmpty();
        // smaller precision: every value it can write reads unchanged
        assertThat(problems(writer(DECIMAL, DECIMAL.replace("38", "20")))).isEmpty();
        // an extra field the product does not read, and a field left out that has a default
        assertThat(problems(writer(
                        "{\"name\":\"projectId\"", "{\"name\":\"extra\",\"type\":\"int\"},{\"name\":\"projectId\"")))
                .isEmpty();
        assertThat(problems(withoutField("period"))).isEmpty();
    }

    @Test
    void aDecimalWrittenWithAnotherScaleIsRefusedNamingTheFieldAndTheDifference() {
        Schema scale2 = writer(DECIMAL, DECIMAL.replace("\"scale\":6", "\"scale\":2"));
        // Avro's own check (what a registry's BACKWARD level runs) lets it through:
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(PRODUCT, scale2)
                        .getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        assertThat(problems(scale2))
                .containsExactly("quantity.value: the writer declares bytes decimal(38,2), the product reads bytes "
                        + "decimal(38,6): every amount would be read 10^4 times too small");
    }

    @Test
    void aLargerPrecisionIsRefused() {
        assertThat(problems(writer(DECIMAL, DECIMAL.replace("38", "40"))))
                .singleElement()
                .asString()
                .startsWith("quantity.value: the writer declares bytes decimal(40,6)")
                .contains("more digits than the contract holds");
    }

    @Test
    void anAmountWrittenAsTextOrAsPlainBytesIsRefused() {
        Schema text = writer(DECIMAL, "\"string\"");
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(PRODUCT, text)
                        .getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        assertThat(problems(text))
                .containsExactly("quantity.value: the writer declares string, the product reads bytes decimal(38,6): "
                        + "Avro would promote string to bytes and read the raw bytes as the decimal's unscaled number");
        assertThat(problems(writer(DECIMAL, "\"bytes\"")))
                .singleElement()
                .asString()
                .startsWith(
                        "quantity.value: the writer declares plain bytes, the product reads it as bytes decimal(38,6)");
    }

    @Test
    void timestampsWithAnotherUnitOrWithoutTheirLogicalTypeAreRefused() {
        assertThat(problems(writer(TIMESTAMP, TIMESTAMP.replace("timestamp-millis", "timestamp-micros"))))
                .containsExactly("header.eventTime: the writer declares long timestamp-micros, the product reads long "
                        + "timestamp-millis (a different meaning of the same bytes)");
        assertThat(problems(writer(TIMESTAMP, "\"eventTime\",\"type\":\"long\"")))
                .singleElement()
                .asString()
                .startsWith("header.eventTime: the writer declares plain long");
        assertThat(problems(writer(TIMESTAMP, "\"eventTime\",\"type\":\"int\"")))
                .singleElement()
                .asString()
                .startsWith("header.eventTime: the writer declares int, the product reads long timestamp-millis");
    }

    @Test
    void textWrittenAsBytesIsRefused() {
        assertThat(problems(writer(
                        "{\"name\":\"projectName\",\"type\":{\"type\":\"string\",\"avro.java.string\":\"String\"}",
                        "{\"name\":\"projectName\",\"type\":\"bytes\"")))
                .containsExactly("projectName: the writer declares bytes, the product reads string "
                        + "(no field of the contract means one as the other)");
    }

    @Test
    void whatAvroRefusesIsRefusedWithAvrosWording() {
        // a county symbol the product does not know, and a union branch it cannot take
        List<String> county = problems(writer("\"YIJINHUOLUO\"]", "\"YIJINHUOLUO\",\"BAOTOU\"]"));
        assertThat(county).singleElement().asString().startsWith("header.county: MISSING_UNION_BRANCH");
        List<String> period = problems(writer(
                "{\"name\":\"period\",\"type\":[\"null\",{\"type\":\"string\",\"avro.java.string\":\"String\"}]",
                "{\"name\":\"period\",\"type\":[\"null\",\"string\",\"int\"]"));
        assertThat(period).singleElement().asString().startsWith("period: MISSING_UNION_BRANCH");
    }
}

package city.ordos.plan.infra.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * Avro schema text as the registry stores and compares it: parsed together with the schemas its
 * references resolve to, and written back in Avro's own JSON form with the referenced named types
 * left as names (the form Confluent's registry stores), so whitespace and attribute order never
 * make a new schema.
 */
final class AvroSchemaText {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AvroSchemaText() {}

    /** A parsed schema with the referenced schemas it was parsed against. */
    record Parsed(Schema schema, List<Schema> referenced) {

        /** The stored form: Avro's JSON, referenced named types written as their names. */
        String canonical() {
            return schema.toString(referenced, false);
        }

        /** The schema with every referenced type written out in full (Confluent's {@code format=resolved}). */
        String resolved() {
            return schema.toString();
        }
    }

    /**
     * Parses {@code text} after the referenced schema texts (dependencies first, as resolved).
     *
     * @throws RegistryException 42201 naming what is wrong
     */
    static Parsed parse(String text, Collection<String> referencedTexts) {
        if (text == null || text.isBlank()) {
            throw RegistryException.invalidSchema("Empty schema");
        }
        Schema.Parser parser = new Schema.Parser();
        List<Schema> referenced = new ArrayList<>();
        try {
            for (String ref : referencedTexts) {
                referenced.add(parser.parse(ref));
            }
            return new Parsed(parser.parse(text), referenced);
        } catch (AvroRuntimeException | IllegalArgumentException e) {
            throw RegistryException.invalidSchema(e.getMessage());
        }
    }

    /**
     * The form a schema is compared in when normalisation is asked for ({@code normalize=true}, or
     * the subject's {@code normalize} config): the canonical form with every JSON object's
     * attributes in name order and aliases sorted, so schemas differing only in the order of
     * their custom properties or aliases are one schema.
     */
    static String normalized(String canonical) {
        try {
            return sorted(JSON.readTree(canonical), null, false).toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("canonical schema text is not JSON: " + canonical, e);
        }
    }

    /** Default values are data, not schema: their arrays keep their order. */
    private static JsonNode sorted(JsonNode node, String fieldName, boolean insideDefault) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                fields.put(name, sorted(node.get(name), name, insideDefault || "default".equals(name)));
            }
            ObjectNode out = JSON.createObjectNode();
            fields.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            node.forEach(item -> items.add(sorted(item, null, insideDefault)));
            if ("aliases".equals(fieldName) && !insideDefault) {
                items.sort((a, b) -> a.asText().compareTo(b.asText()));
            }
            ArrayNode out = JSON.createArrayNode();
            items.forEach(out::add);
            return out;
        }
        return node;
    }
}

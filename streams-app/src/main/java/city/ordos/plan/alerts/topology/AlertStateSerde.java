package city.ordos.plan.alerts.topology;

import city.ordos.plan.alerts.GoalAlertState;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON for the alert state store and its changelog. The state is internal to the alert branch
 * (never on a public topic), so it is not part of the Avro contract; unknown fields are ignored
 * so a newer state layout can be rolled back.
 */
public final class AlertStateSerde implements Serde<GoalAlertState> {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @Override
    public Serializer<GoalAlertState> serializer() {
        return (topic, state) -> {
            if (state == null) {
                return null;
            }
            try {
                return MAPPER.writeValueAsBytes(state);
            } catch (IOException e) {
                throw new SerializationException("cannot write alert state to JSON", e);
            }
        };
    }

    @Override
    public Deserializer<GoalAlertState> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return MAPPER.readValue(bytes, GoalAlertState.class);
            } catch (IOException e) {
                throw new SerializationException("cannot read alert state from JSON", e);
            }
        };
    }
}

package city.ordos.plan.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;

/**
 * A request's JSON body as the record a route expects. Anything else — not JSON, an array, a
 * string, null, a field of the wrong type — is the client's error, answered 400 with the shape
 * expected and where the body went wrong. Javalin's {@code bodyAsClass} let Jackson's exception
 * through as a 500 with a stack trace in the log, on the sign-in route to anyone.
 */
public final class JsonBody {

    /**
     * Reads as the API's own mapper does ({@code ApiRuntime.objectMapper()}: fields a route does
     * not know are ignored); Javalin's {@code bodyAsClass} turns a {@code null} body into a
     * NullPointerException of its Kotlin signature, so the body is read here.
     */
    private static final ObjectReader READER = new ObjectMapper()
            .findAndRegisterModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .reader();

    private JsonBody() {}

    /** @param shape what the route takes, for the answer, e.g. {@code "a JSON object {username, password}"} */
    public static <T> T read(Context ctx, Class<T> type, String shape) {
        T value;
        try {
            value = READER.forType(type).readValue(ctx.body());
        } catch (JsonProcessingException e) {
            throw new BadRequestResponse("the body must be " + shape + where(e.getLocation()));
        }
        if (value == null) {
            throw new BadRequestResponse("the body must be " + shape + ", not null");
        }
        return value;
    }

    /** Jackson's message names our classes; the place in the body is what the client can use. */
    private static String where(JsonLocation at) {
        if (at == null || at.getLineNr() < 1) {
            return "";
        }
        return " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}

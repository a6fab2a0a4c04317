package city.ordos.plan.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/** HTTP basic credentials for the registry. Never printed: {@link #toString()} redacts them. */
public final class BasicAuthCredentials {

    private final String userInfo;

    private BasicAuthCredentials(String userInfo) {
        this.userInfo = userInfo;
    }

    /** From {@code user:password}. */
    public static BasicAuthCredentials of(String userInfo) {
        Objects.requireNonNull(userInfo, "userInfo");
        if (!userInfo.contains(":")) {
            throw new IllegalArgumentException("basic auth user info must look like user:password");
        }
        return new BasicAuthCredentials(userInfo);
    }

    public String user() {
        return userInfo.substring(0, userInfo.indexOf(':'));
    }

    /** Value of the {@code Authorization} header. */
    String authorizationHeader() {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "BasicAuthCredentials[****]";
    }
}

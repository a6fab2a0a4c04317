package city.ordos.plan.infra.kafka;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a secured {@link EmbeddedKafkaBroker} authenticates and authorizes: SASL/SCRAM-SHA-512 on
 * the client listener (over TLS when a keystore is given, SASL_SSL; otherwise SASL_PLAINTEXT),
 * ACLs enforced by KRaft's {@code StandardAuthorizer} with nothing allowed unless an ACL says so,
 * and one super user that the node itself uses.
 *
 * <p>SCRAM credentials live in the cluster metadata, so they are written as bootstrap records
 * when the log directory is formatted (what {@code kafka-storage format --add-scram} does): the
 * node needs its own super-user credential before it can let anyone in. Users added here
 * therefore take effect on a fresh directory only; add users to a running cluster with
 * {@code Admin.alterUserScramCredentials} as the super user.
 *
 * <p>The KRaft controller listener stays on loopback and uses SASL/PLAIN with the super user's
 * credential from the broker's own configuration: a controller cannot check a SCRAM credential
 * that is stored in the metadata it has not loaded yet.
 *
 * <p>{@link #mutualTls} is the other way in: an SSL listener that requires a client certificate
 * trusted by the broker's truststore, the principal being the certificate's CN.
 *
 * <p>Names and passwords are restricted to {@code [A-Za-z0-9._~-]} so they never need quoting in
 * JAAS or in the SCRAM bootstrap syntax.
 */
public final class BrokerSecurity {

    public static final String MECHANISM = "SCRAM-SHA-512";
    static final String CONTROLLER_MECHANISM = "PLAIN";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._~-]+");

    private final String superUser;
    private final String superPassword;
    private final Map<String, String> users;
    private final Tls tls;
    private final boolean mutual;

    /** Keystore of the broker's certificate and the truststore clients use to check it (PKCS12). */
    public record Tls(Path keystore, String keystorePassword, Path truststore, String truststorePassword) {
        public Tls {
            Objects.requireNonNull(keystore, "keystore");
            Objects.requireNonNull(keystorePassword, "keystorePassword");
            Objects.requireNonNull(truststore, "truststore");
            Objects.requireNonNull(truststorePassword, "truststorePassword");
        }
    }

    private BrokerSecurity(String superUser, String superPassword, Map<String, String> users, Tls tls, boolean mutual) {
        this.superUser = superUser;
        this.superPassword = superPassword;
        this.users = Map.copyOf(users);
        this.tls = tls;
        this.mutual = mutual;
    }

    /** SCRAM-SHA-512 with {@code superUser} as the node's own (and the operator's) principal. */
    public static BrokerSecurity scramSha512(String superUser, String superPassword) {
        return new BrokerSecurity(safe("user", superUser), safe("password", superPassword), Map.of(), null, false);
    }

    /**
     * mTLS: the client listener is SSL and requires a client certificate that {@code tls}'s
     * truststore trusts; a client's principal is its certificate's CN ({@code User:<CN>}). The
     * broker's own certificate, whose CN is {@code brokerCommonName}, is the super user.
     */
    public static BrokerSecurity mutualTls(Tls tls, String brokerCommonName) {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        // Only the node itself uses the controller listener's PLAIN credential: nobody needs to know it.
        String controllerPassword = HexFormat.of().formatHex(random);
        return new BrokerSecurity(
                safe("user", brokerCommonName), controllerPassword, Map.of(), Objects.requireNonNull(tls, "tls"), true);
    }

    /** Another SCRAM user, created when the directory is formatted. It may do nothing until ACLs allow it. */
    public BrokerSecurity withUser(String name, String password) {
        if (mutual) {
            throw new IllegalStateException("with mTLS a user is a client certificate the truststore trusts");
        }
        Map<String, String> more = new LinkedHashMap<>(users);
        if (safe("user", name).equals(superUser) || more.putIfAbsent(name, safe("password", password)) != null) {
            throw new IllegalArgumentException("user " + name + " is already defined");
        }
        return new BrokerSecurity(superUser, superPassword, more, tls, false);
    }

    /** Encrypts the client listener (SASL_SSL) with this keystore's certificate. */
    public BrokerSecurity withTls(Tls tls) {
        return new BrokerSecurity(superUser, superPassword, users, Objects.requireNonNull(tls, "tls"), mutual);
    }

    public String superUser() {
        return superUser;
    }

    /** {@code SSL} for mTLS; otherwise {@code SASL_SSL} with TLS, {@code SASL_PLAINTEXT} without. */
    public String securityProtocol() {
        return mutual ? "SSL" : tls == null ? "SASL_PLAINTEXT" : "SASL_SSL";
    }

    /**
     * What a Kafka client sets to connect as {@code user} (without {@code bootstrap.servers}):
     * {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config} and, with TLS,
     * the truststore. The password is not checked here: wrong ones are for the broker to refuse.
     */
    public Map<String, Object> clientConfig(String user, String password) {
        if (mutual) {
            throw new IllegalStateException("an mTLS broker authenticates certificates: use certificateClientConfig");
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("security.protocol", securityProtocol());
        c.put("sasl.mechanism", MECHANISM);
        c.put("sasl.jaas.config", scramJaas(safe("user", user), safe("password", password)));
        if (tls != null) {
            c.put("ssl.truststore.location", tls.truststore().toString());
            c.put("ssl.truststore.password", tls.truststorePassword());
            c.put("ssl.truststore.type", "PKCS12");
        }
        return c;
    }

    /**
     * What a Kafka client sets to connect to an mTLS broker with the certificate in
     * {@code keystore} (PKCS12): {@code security.protocol=SSL}, the keystore and the truststore.
     */
    public Map<String, Object> certificateClientConfig(Path keystore, String keystorePassword) {
        if (!mutual) {
            throw new IllegalStateException("this broker authenticates with SCRAM: use clientConfig");
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("security.protocol", "SSL");
        c.put("ssl.keystore.location", keystore.toString());
        c.put("ssl.keystore.password", keystorePassword);
        c.put("ssl.key.password", keystorePassword);
        c.put("ssl.keystore.type", "PKCS12");
        c.put("ssl.truststore.location", tls.truststore().toString());
        c.put("ssl.truststore.password", tls.truststorePassword());
        c.put("ssl.truststore.type", "PKCS12");
        return c;
    }

    /** The super user's client settings (the node's own readiness check uses them too). */
    public Map<String, Object> superUserClientConfig() {
        return mutual
                ? certificateClientConfig(tls.keystore(), tls.keystorePassword())
                : clientConfig(superUser, superPassword);
    }

    /** {@code kafka-storage format --add-scram} arguments: the super user and every other user. */
    List<String> scramArguments() {
        if (mutual) {
            return List.of();
        }
        List<String> args = new ArrayList<>();
        args.add(scramArgument(superUser, superPassword));
        users.forEach((name, password) -> args.add(scramArgument(name, password)));
        return args;
    }

    /** Broker settings for a client listener and a controller listener with these names. */
    Map<String, String> brokerProperties(String clientListener, String controllerListener) {
        String client = "listener.name." + clientListener.toLowerCase(Locale.ROOT) + ".";
        String controller = "listener.name." + controllerListener.toLowerCase(Locale.ROOT) + ".";
        Map<String, String> p = new LinkedHashMap<>();
        p.put(
                "listener.security.protocol.map",
                clientListener + ":" + securityProtocol() + "," + controllerListener + ":SASL_PLAINTEXT");
        if (mutual) {
            p.put("sasl.enabled.mechanisms", CONTROLLER_MECHANISM);
            p.put(client + "ssl.client.auth", "required");
            // User:<CN> instead of the whole distinguished name, so ACLs and super.users read simply.
            p.put("ssl.principal.mapping.rules", "RULE:^CN=([^,]+).*$/$1/,DEFAULT");
        } else {
            p.put("sasl.enabled.mechanisms", MECHANISM);
            p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
            p.put(client + "sasl.enabled.mechanisms", MECHANISM);
            p.put(
                    client + MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                    scramJaas(superUser, superPassword));
        }
        p.put("sasl.mechanism.controller.protocol", CONTROLLER_MECHANISM);
        p.put(controller + "sasl.enabled.mechanisms", CONTROLLER_MECHANISM);
        p.put(
                controller + "plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"" + superUser + "\" password=\"" + superPassword + "\""
                        + " user_" + superUser + "=\"" + superPassword + "\";");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + superUser);
        p.put("allow.everyone.if.no.acl.found", "false");
        if (tls != null) {
            p.put(client + "ssl.keystore.location", tls.keystore().toString());
            p.put(client + "ssl.keystore.password", tls.keystorePassword());
            p.put(client + "ssl.key.password", tls.keystorePassword());
            p.put(client + "ssl.keystore.type", "PKCS12");
            // The node connects to its own listener as a client (inter-broker), so it must trust it too.
            p.put(client + "ssl.truststore.location", tls.truststore().toString());
            p.put(client + "ssl.truststore.password", tls.truststorePassword());
            p.put(client + "ssl.truststore.type", "PKCS12");
        }
        return p;
    }

    private static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    private static String scramArgument(String user, String password) {
        return MECHANISM + "=[name=" + user + ",password=" + password + "]";
    }

    private static String safe(String what, String value) {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be non-empty and use only A-Z a-z 0-9 . _ ~ -");
        }
        return value;
    }

    /** Never prints passwords. */
    @Override
    public String toString() {
        return "BrokerSecurity{" + securityProtocol() + (mutual ? "/client certificates" : "/" + MECHANISM)
                + ", super user " + superUser
                + ", users " + users.keySet() + "}";
    }
}

package city.ordos.plan.infra.kafka;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** Keystore of the broker's certificate and the truststore clients use to check it (PKCS12). */
    public record Tls(Path keystore, String keystorePassword, Path truststore, String truststorePassword) {
        public Tls {
            Objects.requireNonNull(keystore, "keystore");
            Objects.requireNonNull(keystorePassword, "keystorePassword");
            Objects.requireNonNull(truststore, "truststore");
            Objects.requireNonNull(truststorePassword, "truststorePassword");
        }
    }

    private BrokerSecurity(String superUser, String superPassword, Map<String, String> users, Tls tls) {
        this.superUser = superUser;
        this.superPassword = superPassword;
        this.users = Map.copyOf(users);
        this.tls = tls;
    }

    /** SCRAM-SHA-512 with {@code superUser} as the node's own (and the operator's) principal. */
    public static BrokerSecurity scramSha512(String superUser, String superPassword) {
        return new BrokerSecurity(safe("user", superUser), safe("password", superPassword), Map.of(), null);
    }

    /** Another SCRAM user, created when the directory is formatted. It may do nothing until ACLs allow it. */
    public BrokerSecurity withUser(String name, String password) {
        Map<String, String> more = new LinkedHashMap<>(users);
        if (safe("user", name).equals(superUser) || more.putIfAbsent(name, safe("password", password)) != null) {
            throw new IllegalArgumentException("user " + name + " is already defined");
        }
        return new BrokerSecurity(superUser, superPassword, more, tls);
    }

    /** Encrypts the client listener (SASL_SSL) with this keystore's certificate. */
    public BrokerSecurity withTls(Tls tls) {
        return new BrokerSecurity(superUser, superPassword, users, Objects.requireNonNull(tls, "tls"));
    }

    public String superUser() {
        return superUser;
    }

    /** {@code SASL_SSL} with TLS, {@code SASL_PLAINTEXT} without. */
    public String securityProtocol() {
        return tls == null ? "SASL_PLAINTEXT" : "SASL_SSL";
    }

    /**
     * What a Kafka client sets to connect as {@code user} (without {@code bootstrap.servers}):
     * {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config} and, with TLS,
     * the truststore. The password is not checked here: wrong ones are for the broker to refuse.
     */
    public Map<String, Object> clientConfig(String user, String password) {
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

    /** The super user's client settings (the node's own readiness check uses them too). */
    public Map<String, Object> superUserClientConfig() {
        return clientConfig(superUser, superPassword);
    }

    /** {@code kafka-storage format --add-scram} arguments: the super user and every other user. */
    List<String> scramArguments() {
        List<String> args = new ArrayList<>();
        args.add(scramArgument(superUser, superPassword));
        users.forEach((name, password) -> args.add(scramArgument(name, password)));
        return args;
    }

    /** Broker settings for a client listener and a controller listener with these names. */
    Map<String, String> brokerProperties(String clientListener, String controllerListener) {
        String client = "listener.name." + clientListener.toLowerCase(java.util.Locale.ROOT) + ".";
        String controller = "listener.name." + controllerListener.toLowerCase(java.util.Locale.ROOT) + ".";
        Map<String, String> p = new LinkedHashMap<>();
        p.put("listener.security.protocol.map", clientListener + ":" + securityProtocol() + ","
                + controllerListener + ":SASL_PLAINTEXT");
        p.put("sasl.enabled.mechanisms", MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.put(client + "sasl.enabled.mechanisms", MECHANISM);
        p.put(client + MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config", scramJaas(superUser, superPassword));
        p.put("sasl.mechanism.controller.protocol", CONTROLLER_MECHANISM);
        p.put(controller + "sasl.enabled.mechanisms", CONTROLLER_MECHANISM);
        p.put(controller + "plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
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
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
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
        return "BrokerSecurity{" + securityProtocol() + "/" + MECHANISM + ", super user " + superUser
                + ", users " + users.keySet() + "}";
    }
}

package city.ordos.plan.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * TLS towards the registry from the keys Confluent's clients use: a truststore for a registry
 * certificate the JVM does not trust already, a keystore for a registry that wants client
 * certificates (mTLS). Without any of these keys the JVM's default TLS settings apply.
 */
final class RegistryTls {

    static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    static final String KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
    static final String KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
    static final String KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
    static final String KEY_PASSWORD = "schema.registry.ssl.key.password";
    static final Set<String> KEYS = Set.of(
            TRUSTSTORE_LOCATION,
            TRUSTSTORE_PASSWORD,
            TRUSTSTORE_TYPE,
            KEYSTORE_LOCATION,
            KEYSTORE_PASSWORD,
            KEYSTORE_TYPE,
            KEY_PASSWORD);

    private RegistryTls() {}

    /** The TLS context these settings ask for, or null when they name no store. */
    static SSLContext fromConfig(Map<String, ?> c) {
        String truststore = text(c.get(TRUSTSTORE_LOCATION));
        String keystore = text(c.get(KEYSTORE_LOCATION));
        if (truststore == null && keystore == null) {
            return null;
        }
        try {
            TrustManagerFactory trust = null;
            if (truststore != null) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(
                        TRUSTSTORE_LOCATION,
                        truststore,
                        text(c.get(TRUSTSTORE_TYPE)),
                        secret(c.get(TRUSTSTORE_PASSWORD))));
            }
            KeyManagerFactory keys = null;
            if (keystore != null) {
                char[] storePassword = secret(c.get(KEYSTORE_PASSWORD));
                char[] keyPassword = c.get(KEY_PASSWORD) == null ? storePassword : secret(c.get(KEY_PASSWORD));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(KEYSTORE_LOCATION, keystore, text(c.get(KEYSTORE_TYPE)), storePassword), keyPassword);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            // The message names the setting, never a password.
            throw new ConfigException("schema registry TLS settings are unusable: " + e.getMessage());
        }
    }

    private static KeyStore load(String key, String location, String type, char[] password)
            throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type == null ? KeyStore.getDefaultType() : type);
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, password);
        } catch (IOException e) {
            throw new ConfigException(key, location, "cannot read the store: " + e.getMessage());
        }
        return store;
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank()
                ? null
                : value.toString().trim();
    }

    /** Kafka may hand passwords over as {@link Password} objects whose toString() is hidden. */
    private static char[] secret(Object value) {
        if (value == null) {
            return null;
        }
        return (value instanceof Password p ? p.value() : value.toString()).toCharArray();
    }
}

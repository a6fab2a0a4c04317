package city.ordos.plan.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client over HTTPS with the {@code schema.registry.ssl.*} keys, against the JDK's
 * HTTPS server holding a throw-away certificate (made with the JDK's keytool): a private
 * certificate is trusted through the truststore keys, and a registry demanding client
 * certificates (mTLS) accepts the client's keystore and refuses a client without one.
 */
class RegistryTlsTest {

    private static final String PASSWORD = "changeit-test";
    private static final Schema READING = SchemaBuilder.record("Reading")
            .namespace("t")
            .fields()
            .requiredString("id")
            .endRecord();

    @TempDir
    static Path dir;

    private static HttpsServer server;
    private static Path clientKeystore;
    private static Path clientTruststore;

    @BeforeAll
    static void startHttpsRegistry() throws Exception {
        Path serverKeystore = keypair("registry", "CN=127.0.0.1", "SAN=ip:127.0.0.1,dns:localhost");
        clientKeystore = keypair("client", "CN=ordos-app", null);
        clientTruststore = trustOnly("registry", serverKeystore, "client-trust.p12");
        Path serverTruststore = trustOnly("client", clientKeystore, "server-trust.p12");

        SSLContext context = SSLContext.getInstance("TLS");
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store(serverKeystore), PASSWORD.toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store(serverTruststore));
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = context.getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"id\":7}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void trustsThePrivateCertificateAndPresentsTheClientCertificate() {
        Map<String, Object> c = config();
        c.put("schema.registry.ssl.truststore.location", clientTruststore.toString());
        c.put("schema.registry.ssl.truststore.password", PASSWORD);
        c.put("schema.registry.ssl.truststore.type", "PKCS12");
        c.put("schema.registry.ssl.keystore.location", clientKeystore.toString());
        c.put("schema.registry.ssl.keystore.password", new Password(PASSWORD));
        c.put("schema.registry.ssl.keystore.type", "PKCS12");

        assertThat(new HttpSchemaRegistryClient(new AvroSerdeConfig(c)).register("r-value", READING))
                .isEqualTo(7);
        assertThat(AvroSerdeConfig.isSerdeSetting("schema.registry.ssl.keystore.location"))
                .isTrue();
    }

    @Test
    void withoutTheClientCertificateTheRegistryRefusesTheConnection() {
        Map<String, Object> c = config();
        c.put("schema.registry.ssl.truststore.location", clientTruststore.toString());
        c.put("schema.registry.ssl.truststore.password", PASSWORD);

        assertThatThrownBy(() -> new HttpSchemaRegistryClient(new AvroSerdeConfig(c)).register("r-value", READING))
                .isInstanceOf(SchemaRegistryException.class)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus())
                        .isEqualTo(SchemaRegistryException.NO_RESPONSE));
    }

    @Test
    void withoutTheTruststoreThePrivateCertificateIsNotTrusted() {
        Map<String, Object> c = config();
        c.put("schema.registry.ssl.keystore.location", clientKeystore.toString());
        c.put("schema.registry.ssl.keystore.password", PASSWORD);

        assertThatThrownBy(() -> new HttpSchemaRegistryClient(new AvroSerdeConfig(c)).register("r-value", READING))
                .isInstanceOf(SchemaRegistryException.class)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus())
                        .isEqualTo(SchemaRegistryException.NO_RESPONSE));
    }

    @Test
    void aWrongStorePasswordIsAConfigurationErrorThatDoesNotShowThePassword() {
        Map<String, Object> c = config();
        c.put("schema.registry.ssl.truststore.location", clientTruststore.toString());
        c.put("schema.registry.ssl.truststore.password", "wrong-" + PASSWORD);

        assertThatThrownBy(() -> new AvroSerdeConfig(c))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.ssl.truststore.location")
                .hasMessageNotContaining(PASSWORD);
    }

    private static Map<String, Object> config() {
        Map<String, Object> c = new HashMap<>();
        c.put(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                "https://127.0.0.1:" + server.getAddress().getPort());
        c.put(AvroSerdeConfig.MAX_RETRIES, "0");
        return c;
    }

    private static Path keypair(String alias, String dname, String san) {
        Path keystore = dir.resolve(alias + ".p12");
        List<String> args = new ArrayList<>(List.of(
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-dname",
                dname,
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD));
        if (san != null) {
            args.addAll(List.of("-ext", san));
        }
        keytool(args);
        return keystore;
    }

    private static Path trustOnly(String alias, Path keystore, String name) {
        Path certificate = dir.resolve(alias + ".pem");
        Path truststore = dir.resolve(name);
        keytool(List.of(
                "-exportcert",
                "-rfc",
                "-alias",
                alias,
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                certificate.toString()));
        keytool(List.of(
                "-importcert",
                "-noprompt",
                "-alias",
                alias,
                "-file",
                certificate.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                truststore.toString(),
                "-storepass",
                PASSWORD));
        return truststore;
    }

    private static KeyStore store(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static void keytool(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(args);
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args.get(0) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

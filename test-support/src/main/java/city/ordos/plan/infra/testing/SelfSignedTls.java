package city.ordos.plan.infra.testing;

import city.ordos.plan.infra.kafka.BrokerSecurity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate for a broker on 127.0.0.1, made with the JDK's own {@code keytool}:
 * a PKCS12 keystore holding a self-signed key pair (subject alternative names 127.0.0.1 and
 * localhost, so clients' hostname verification passes) and a PKCS12 truststore holding only that
 * certificate. The JDK has no public API to issue a certificate, hence the tool.
 */
public final class SelfSignedTls {

    private SelfSignedTls() {}

    /** A client's certificate for an mTLS broker: a PKCS12 keystore and its password. */
    public record ClientCertificate(Path keystore, String password) {}

    /** Writes {@code broker.p12} and {@code truststore.p12} into {@code dir} (which must exist). */
    public static BrokerSecurity.Tls generate(Path dir) {
        return generate(dir, "127.0.0.1");
    }

    /**
     * As {@link #generate(Path)}, the broker's certificate having {@code commonName} as its CN
     * (its principal on an mTLS broker); its subject alternative names stay 127.0.0.1 and localhost.
     */
    public static BrokerSecurity.Tls generate(Path dir, String commonName) {
        String keystorePassword = randomPassword();
        String truststorePassword = randomPassword();
        Path keystore = dir.resolve("broker.p12");
        Path certificate = dir.resolve("broker.pem");
        Path truststore = dir.resolve("truststore.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-dname",
                "CN=" + commonName,
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                keystorePassword);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "broker",
                "-keystore",
                keystore.toString(),
                "-storepass",
                keystorePassword,
                "-file",
                certificate.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "broker",
                "-file",
                certificate.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                truststore.toString(),
                "-storepass",
                truststorePassword);
        return new BrokerSecurity.Tls(keystore, keystorePassword, truststore, truststorePassword);
    }

    /**
     * A self-signed client certificate with CN {@code name}, added to {@code brokerTls}'s truststore
     * so an mTLS broker accepts it. Call it before the broker starts: the broker reads its
     * truststore once.
     */
    public static ClientCertificate clientCertificate(Path dir, String name, BrokerSecurity.Tls brokerTls) {
        String password = randomPassword();
        Path keystore = dir.resolve("client-" + name + ".p12");
        Path certificate = dir.resolve("client-" + name + ".pem");
        keytool(
                "-genkeypair",
                "-alias",
                name,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-dname",
                "CN=" + name,
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                password);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                name,
                "-keystore",
                keystore.toString(),
                "-storepass",
                password,
                "-file",
                certificate.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                name,
                "-file",
                certificate.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                brokerTls.truststore().toString(),
                "-storepass",
                brokerTls.truststorePassword());
        return new ClientCertificate(keystore, password);
    }

    private static String randomPassword() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}

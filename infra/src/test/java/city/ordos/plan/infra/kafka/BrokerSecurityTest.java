package city.ordos.plan.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BrokerSecurityTest {

    @Test
    void clientsGetScramOverTlsWhenAKeystoreIsGivenAndPlainSaslOtherwise() {
        BrokerSecurity sasl = BrokerSecurity.scramSha512("admin", "admin-pw").withUser("app", "app-pw");
        assertThat(sasl.clientConfig("app", "app-pw"))
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"app\" password=\"app-pw\";")
                .doesNotContainKey("ssl.truststore.location");

        BrokerSecurity tls = sasl.withTls(new BrokerSecurity.Tls(Path.of("/k.p12"), "kpw", Path.of("/t.p12"), "tpw"));
        assertThat(tls.clientConfig("app", "app-pw"))
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.location", Path.of("/t.p12").toString())
                .containsEntry("ssl.truststore.password", "tpw");
        assertThat(tls.brokerProperties("SASL_SSL", "CONTROLLER"))
                .containsEntry("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:SASL_PLAINTEXT")
                .containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("super.users", "User:admin")
                .containsEntry("allow.everyone.if.no.acl.found", "false");
        assertThat(tls.scramArguments())
                .containsExactly(
                        "SCRAM-SHA-512=[name=admin,password=admin-pw]", "SCRAM-SHA-512=[name=app,password=app-pw]");
    }

    @Test
    void mutualTlsRequiresClientCertificatesAndHasNoScramUsers() {
        BrokerSecurity mtls = BrokerSecurity.mutualTls(
                new BrokerSecurity.Tls(Path.of("/k.p12"), "kpw", Path.of("/t.p12"), "tpw"), "ordos-broker");
        assertThat(mtls.securityProtocol()).isEqualTo("SSL");
        assertThat(mtls.brokerProperties("SSL", "CONTROLLER"))
                .containsEntry("listener.security.protocol.map", "SSL:SSL,CONTROLLER:SASL_PLAINTEXT")
                .containsEntry("listener.name.ssl.ssl.client.auth", "required")
                .containsEntry("super.users", "User:ordos-broker")
                .containsEntry("allow.everyone.if.no.acl.found", "false");
        assertThat(mtls.scramArguments()).isEmpty();
        assertThat(mtls.superUserClientConfig())
                .containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.keystore.location", Path.of("/k.p12").toString());
        assertThatThrownBy(() -> mtls.clientConfig("app", "pw")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> mtls.withUser("app", "pw")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void passwordsNeedingQuotesAndDuplicateUsersAreRefusedAndNothingPrintsAPassword() {
        assertThatThrownBy(() -> BrokerSecurity.scramSha512("admin", "pw\";evil"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("evil");
        BrokerSecurity s = BrokerSecurity.scramSha512("admin", "admin-pw").withUser("app", "app-pw");
        assertThatThrownBy(() -> s.withUser("app", "other-pw")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.withUser("admin", "other-pw")).isInstanceOf(IllegalArgumentException.class);
        assertThat(s.toString()).contains("admin", "app").doesNotContain("admin-pw", "app-pw");
    }
}

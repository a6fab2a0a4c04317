package city.ordos.plan.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.app.AppConfig;
import city.ordos.plan.producers.sim.YearReplay;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OrdosAppTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"ordos-app\" password=\"pw=with=equals\";";

    @Test
    void httpBindsLoopbackUnlessTheOperatorOpensIt() throws Exception {
        String byDefault = OrdosApp.httpHost(null, AppConfig.load(null, Map.of(), Map.of()));
        assertThat(InetAddress.getByName(byDefault).isLoopbackAddress())
                .as(byDefault)
                .isTrue();
        assertThat(OrdosApp.httpHost(null, AppConfig.load(null, Map.of("ORDOS_HTTP_HOST", "0.0.0.0"), Map.of())))
                .isEqualTo("0.0.0.0");
        assertThat(OrdosApp.httpHost("10.1.2.3", AppConfig.of(Map.of(AppConfig.HTTP_HOST, "0.0.0.0"))))
                .isEqualTo("10.1.2.3");
    }

    @Test
    void anExternalClusterIsMeantWhenBootstrapServersIsSetAnywhere() {
        assertThat(OrdosApp.namesCluster(AppConfig.load(null, Map.of(), Map.of())))
                .isFalse();
        assertThat(OrdosApp.namesCluster(
                        AppConfig.load(null, Map.of("ORDOS_BOOTSTRAP_SERVERS", "kafka:19092"), Map.of())))
                .isTrue();
        assertThat(OrdosApp.namesCluster(AppConfig.of(Map.of("bootstrap.servers", "b1:9093"))))
                .isTrue();
    }

    /** --simulate on a secured cluster: the simulator must see the app's SASL/TLS and registry settings. */
    @Test
    void theBuiltInSimulatorGetsEveryClientAndRegistrySettingButNoStreamsOnes() {
        AppConfig config = AppConfig.of(Map.of(
                "bootstrap.servers",
                "b1:9093",
                "security.protocol",
                "SASL_SSL",
                "sasl.mechanism",
                "SCRAM-SHA-512",
                "sasl.jaas.config",
                JAAS,
                "ssl.truststore.location",
                "/etc/ordos/truststore.p12",
                "ssl.truststore.password",
                "tpw",
                "schema.registry.url",
                "https://registry:8081",
                "basic.auth.credentials.source",
                "USER_INFO",
                "basic.auth.user.info",
                "ordos:rpw",
                AppConfig.TOPIC_PREFIX,
                "t1-"));
        YearReplay.Connection simulator = OrdosApp.simulatorConnection(config);

        Map<String, Object> producer = simulator.producerConfig();
        assertThat(producer)
                .containsEntry("bootstrap.servers", "b1:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("ssl.truststore.location", "/etc/ordos/truststore.p12")
                .containsEntry("ssl.truststore.password", "tpw")
                .containsEntry("schema.registry.url", "https://registry:8081")
                .containsEntry("basic.auth.credentials.source", "USER_INFO")
                .containsEntry("basic.auth.user.info", "ordos:rpw")
                .doesNotContainKeys("application.id", "processing.guarantee", "ordos.topic.prefix");
        assertThat(simulator.topics().investment().name()).isEqualTo("t1-ordos.investment-reports");
    }

    @Test
    void aBadOptionIsAUsageErrorWithStatus2() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new OrdosApp());
        cli.setErr(new PrintWriter(err));
        int status = cli.execute("reconcile", "--wait", "soon");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration");
    }

    @Test
    void reconcileIsASubcommandOfTheApp() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new OrdosApp());
        cli.setOut(new PrintWriter(out));
        int status = cli.execute("reconcile", "--help");

        assertThat(status).isZero();
        assertThat(out.toString()).contains("--application-id", "--topic-prefix", "Exit status: 0 balanced");
    }
}

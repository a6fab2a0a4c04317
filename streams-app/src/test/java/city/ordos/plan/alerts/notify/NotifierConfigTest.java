package city.ordos.plan.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.ordos.plan.avro.Severity;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NotifierConfigTest {

    @Test
    void readsReceiversRoutesRetriesAndSilencesFromYaml() {
        NotifierConfig config = NotifierConfig.parse("""
                group-id: city-notifier
                retry:
                  max-attempts: 3
                  initial-backoff: PT2S
                  max-backoff: PT20S
                  request-timeout: PT5S
                receivers:
                  - name: energy-wecom
                    type: wecom
                    url: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc
                    departments: [市能源局]
                    min-severity: warning
                  - name: am
                    type: ALERTMANAGER
                    url: http://alertmanager:9093
                    headers:
                      Authorization: Bearer t0ken
                silences:
                  - goal: ordos-2025/gdp-growth
                    until: 2026-02-01T09:00:00+08:00
                    reason: waiting for the Q4 release
                """);

        assertThat(config.groupId()).isEqualTo("city-notifier");
        assertThat(config.retry())
                .isEqualTo(new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(20), Duration.ofSeconds(5)));
        assertThat(config.receivers()).hasSize(2);
        ReceiverConfig wecom = config.receivers().get(0);
        assertThat(wecom.type()).isEqualTo(ReceiverType.WECOM);
        assertThat(wecom.url()).isEqualTo(URI.create("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"));
        assertThat(wecom.departments()).isEqualTo(Set.of("市能源局"));
        assertThat(wecom.minSeverity()).isEqualTo(Severity.WARNING);
        assertThat(config.receivers().get(1).headers()).containsEntry("Authorization", "Bearer t0ken");
        assertThat(config.silences()).singleElement().satisfies(s -> {
            assertThat(s.goalKey()).isEqualTo("ordos-2025/gdp-growth");
            assertThat(s.until()).isEqualTo(Instant.parse("2026-02-01T01:00:00Z"));
        });
        assertThat(config.autoOffsetReset()).isEqualTo("earliest");
    }

    @Test
    void namesTheMissingField() {
        assertThatThrownBy(() -> NotifierConfig.parse("receivers:\n  - name: x\n    type: JSON\n"))
                .hasMessageContaining("'url' is required");
        assertThatThrownBy(() -> NotifierConfig.parse("receivers:\n  - {name: a, type: JSON, url: 'http://h'}\n"
                        + "  - {name: a, type: JSON, url: 'http://h'}\n"))
                .hasMessageContaining("two receivers are named a");
    }
}

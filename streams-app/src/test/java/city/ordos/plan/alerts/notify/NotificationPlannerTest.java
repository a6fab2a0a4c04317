package city.ordos.plan.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.AlertKind;
import city.ordos.plan.avro.AlertNotification;
import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.NotificationReason;
import city.ordos.plan.avro.Severity;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The planner's decisions on a hand-moved clock: grouping, reminders, escalation, windows, acknowledgement. */
class NotificationPlannerTest {

    private static final String AGRI = "市农牧局";
    private static final String ENERGY = "市能源局";

    private final SilenceRegistry silences = new SilenceRegistry(Clock.systemUTC());
    private final AckRegistry acks = new AckRegistry();
    private final JsonGroups groups = new JsonGroups();

    private static Instant shanghai(String local) {
        return LocalDateTime.parse(local).atZone(DeliveryWindows.SHANGHAI).toInstant();
    }

    private static ReceiverConfig ding(String name, Grouping grouping) {
        return ReceiverConfig.of(name, ReceiverType.DINGTALK, URI.create("http://127.0.0.1/" + name))
                .withGrouping(grouping);
    }

    private static Grouping byDepartment(Duration repeat, Duration escalateAfter, String escalateTo) {
        return new Grouping(
                List.of("department"),
                Duration.ofSeconds(30),
                Duration.ofMinutes(5),
                repeat,
                escalateAfter,
                escalateTo);
    }

    private NotificationPlanner planner(ReceiverConfig... receivers) {
        return new NotificationPlanner(
                List.of(receivers), Contacts.NONE, silences, acks::get, NotificationPlanner.Observer.NONE);
    }

    private static GoalAlert alert(String goal, String department, AlertState state, int sequence, Severity severity) {
        return Alerts.falling(state, sequence, severity)
                .setAlertId("ordos-2025/" + goal + "/falling-behind/20250701T000000Z")
                .setGoalId(goal)
                .setDepartment(department)
                .setMessageZh("【进度预警】" + goal + ": 截至2025-06-30 完成预期进度的 72%")
                .setMessageEn("[Falling behind] " + goal)
                .build();
    }

    private static GoalAlert firing(String goal, String department) {
        return alert(goal, department, AlertState.FIRING, 1, Severity.WARNING);
    }

    @Test
    void aGroupWaitsThenSendsOneMessagePerGroupAndReportsRecoveriesInItsNextMessage() {
        NotificationPlanner planner = planner(ding("ops", byDepartment(null, null, null)));
        Instant t0 = Instant.parse("2025-07-14T02:00:00Z");

        assertThat(planner.onAlert(firing("grain", AGRI), t0, groups)).isEmpty();
        assertThat(planner.onAlert(firing("cattle", AGRI), t0.plusSeconds(5), groups))
                .isEmpty();
        assertThat(planner.onAlert(firing("sheep", AGRI), t0.plusSeconds(10), groups))
                .isEmpty();
        assertThat(planner.onAlert(firing("wind", ENERGY), t0.plusSeconds(20), groups))
                .isEmpty();
        assertThat(planner.tick(t0.plusSeconds(29), groups)).isEmpty();

        List<AlertNotification> first = planner.tick(t0.plusSeconds(30), groups);

        assertThat(first).hasSize(1); // the energy group started 20 s later and waits its own 30 s
        assertThat(first.get(0).getReason()).isEqualTo(NotificationReason.GROUP);
        assertThat(first.get(0).getAlertKeys()).hasSize(3);
        assertThat(first.get(0).getText()).contains("grain", "cattle", "sheep", "新增/变化 3 项");
        assertThat(planner.tick(t0.plusSeconds(50), groups))
                .singleElement()
                .satisfies(m -> assertThat(m.getText()).contains("wind"));

        // cattle recovers; the group speaks again only group-interval (5 min) after its last message
        planner.onAlert(alert("cattle", AGRI, AlertState.RESOLVED, 2, Severity.WARNING), t0.plusSeconds(60), groups);
        assertThat(planner.tick(t0.plus(Duration.ofMinutes(5)), groups)).isEmpty();
        List<AlertNotification> next =
                planner.tick(t0.plus(Duration.ofMinutes(5)).plusSeconds(30), groups);

        assertThat(next).singleElement().satisfies(m -> {
            assertThat(m.getText()).contains("已恢复 1 项", "cattle", "仍在预警 2 项");
            assertThat(m.getAlertKeys()).containsExactly("ordos-2025/cattle/falling-behind/20250701T000000Z#2");
        });
    }

    @Test
    void remindersRepeatTheOpenAlertsUntilAcknowledgedAndStartAgainWhenTheAlertChanges() {
        NotificationPlanner planner = planner(ding("ops", byDepartment(Duration.ofHours(4), null, null)));
        Instant t0 = Instant.parse("2025-07-14T02:00:00Z");
        planner.onAlert(firing("grain", AGRI), t0, groups);
        planner.onAlert(firing("cattle", AGRI), t0, groups);
        assertThat(planner.tick(t0.plusSeconds(30), groups)).hasSize(1);
        Instant sent = t0.plusSeconds(30);

        assertThat(planner.tick(sent.plus(Duration.ofHours(4)).minusSeconds(1), groups))
                .isEmpty();
        assertThat(planner.tick(sent.plus(Duration.ofHours(4)), groups))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.getReason()).isEqualTo(NotificationReason.REMINDER);
                    assertThat(m.getText()).contains("grain", "cattle");
                });

        acks.acknowledge(
                new Ack("ordos-2025/grain/falling-behind/20250701T000000Z", "ordos-2025/grain", 1, "在处理", "王科长", sent));
        assertThat(planner.tick(sent.plus(Duration.ofHours(8)), groups))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.getText()).contains("cattle").doesNotContain("grain");
                });
        acks.acknowledge(
                new Ack("ordos-2025/cattle/falling-behind/20250701T000000Z", "ordos-2025/cattle", 1, "", "李", sent));
        assertThat(planner.tick(sent.plus(Duration.ofHours(12)), groups)).isEmpty();

        // grain gets worse: the acknowledgement covered update 1 only, so it is reported and reminded again
        Instant worse = sent.plus(Duration.ofHours(13));
        // the group last spoke more than group-interval ago: the change goes out at once
        assertThat(planner.onAlert(alert("grain", AGRI, AlertState.ESCALATED, 2, Severity.CRITICAL), worse, groups))
                .singleElement()
                .satisfies(m -> assertThat(m.getReason()).isEqualTo(NotificationReason.GROUP));
        assertThat(planner.tick(worse.plus(Duration.ofHours(4)), groups))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.getReason()).isEqualTo(NotificationReason.REMINDER);
                    assertThat(m.getText()).contains("grain").doesNotContain("cattle");
                });
    }

    @Test
    void anAlertUnacknowledgedForEscalateAfterGoesToTheLeadersAndItsRecoveryFollows() {
        Grouping leadersGrouping = new Grouping(List.of(), Duration.ZERO, Duration.ofMinutes(1), null, null, null);
        Instant t0 = Instant.parse("2025-07-14T02:00:00Z");
        // The leaders' robot routes no alert of its own here: what it gets, it gets by escalation.
        NotificationPlanner planner = new NotificationPlanner(
                List.of(
                        ding("ops", byDepartment(null, Duration.ofHours(2), "leaders")),
                        new ReceiverConfig(
                                        "leaders",
                                        ReceiverType.DINGTALK,
                                        URI.create("http://127.0.0.1/leaders"),
                                        Set.of("no-such-section"),
                                        Set.of(),
                                        null,
                                        Map.of())
                                .withGrouping(leadersGrouping)),
                Contacts.NONE,
                silences,
                acks::get,
                NotificationPlanner.Observer.NONE);
        planner.onAlert(firing("grain", AGRI), t0, groups);
        planner.onAlert(firing("cattle", AGRI), t0, groups);
        Instant sent = t0.plusSeconds(30);
        assertThat(planner.tick(sent, groups))
                .singleElement()
                .satisfies(m -> assertThat(m.getReceiver()).isEqualTo("ops"));
        acks.acknowledge(
                new Ack("ordos-2025/cattle/falling-behind/20250701T000000Z", "ordos-2025/cattle", 1, "", "李", sent));

        assertThat(planner.tick(sent.plus(Duration.ofHours(2)).minusSeconds(1), groups))
                .isEmpty();
        List<AlertNotification> escalated = planner.tick(sent.plus(Duration.ofHours(2)), groups);

        assertThat(escalated).singleElement().satisfies(m -> {
            assertThat(m.getReceiver()).isEqualTo("leaders");
            assertThat(m.getReason()).isEqualTo(NotificationReason.ESCALATION);
            assertThat(m.getText()).contains("grain", "由 ops 上报", "超过 2 小时 未确认").doesNotContain("cattle");
        });
        assertThat(planner.tick(sent.plus(Duration.ofHours(3)), groups)).isEmpty(); // once

        Instant recovered = sent.plus(Duration.ofHours(5));
        List<AlertNotification> after = new ArrayList<>(
                planner.onAlert(alert("grain", AGRI, AlertState.RESOLVED, 2, Severity.WARNING), recovered, groups));
        after.addAll(planner.tick(recovered.plus(Duration.ofMinutes(1)), groups));
        assertThat(after).extracting(AlertNotification::getReceiver).containsExactlyInAnyOrder("ops", "leaders");
        assertThat(after).allSatisfy(m -> assertThat(m.getText()).contains("已恢复 1 项", "grain"));
    }

    @Test
    void officeHoursFollowTheHolidayCalendarIncludingAnAdjustedWorkingSaturday() {
        DeliveryWindows officeHours = new DeliveryWindows(
                List.of(new TimeInterval(
                        "office-hours",
                        List.of(new TimeInterval.Range(
                                TimeInterval.Days.WORKDAYS,
                                Set.of(),
                                List.of(TimeInterval.Times.parse("08:30", "18:00")))))),
                List.of(),
                true,
                WorkingCalendar.builtIn(),
                DeliveryWindows.SHANGHAI);
        NotificationPlanner planner =
                planner(ding("ops", byDepartment(null, null, null)).withWindows(officeHours));

        // Saturday 11 October 2025 is a working day (调休 for the National Day holiday): sent.
        Instant workingSaturday = shanghai("2025-10-11T10:00");
        planner.onAlert(firing("grain", AGRI), workingSaturday, groups);
        assertThat(planner.tick(workingSaturday.plusSeconds(30), groups)).hasSize(1);

        // Saturday 4 October is inside the holiday: held until the first working morning, Thursday 9 October.
        Instant holiday = shanghai("2025-10-04T10:00");
        planner.onAlert(firing("wind", ENERGY), holiday, groups);
        assertThat(planner.tick(holiday.plusSeconds(30), groups)).isEmpty();
        assertThat(planner.tick(shanghai("2025-10-08T17:00"), groups)).isEmpty();
        assertThat(planner.tick(shanghai("2025-10-09T08:29"), groups)).isEmpty();
        assertThat(planner.tick(shanghai("2025-10-09T08:30"), groups))
                .singleElement()
                .satisfies(m -> assertThat(m.getText()).contains("wind"));

        // A CRITICAL alert goes at once, holiday or not (critical-during-mute).
        Instant night = shanghai("2025-10-05T03:00");
        planner.onAlert(alert("water", "市水利局", AlertState.FIRING, 1, Severity.CRITICAL), night, groups);
        assertThat(planner.tick(night.plusSeconds(30), groups))
                .singleElement()
                .satisfies(m -> assertThat(m.getSeverity()).isEqualTo(Severity.CRITICAL));
    }

    @Test
    void aLongGroupIsSplitIntoPartsWithinTheRobotsSizeLimit() {
        ReceiverConfig wecom = ReceiverConfig.of("wecom", ReceiverType.WECOM, URI.create("http://127.0.0.1/w"));
        NotificationPlanner planner = planner(wecom);
        Instant t0 = Instant.parse("2025-07-14T02:00:00Z");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            GoalAlert a = Alerts.falling(AlertState.FIRING, 1, Severity.WARNING)
                    .setAlertId("ordos-2025/agri-" + i + "/falling-behind/20250701T000000Z")
                    .setGoalId("agri-" + i)
                    .setDepartment(AGRI)
                    .setKind(AlertKind.FALLING_BEHIND)
                    .build();
            keys.add(a.getAlertId() + "#1");
            planner.onAlert(a, t0, groups);
        }

        List<AlertNotification> parts = planner.tick(t0.plusSeconds(30), groups);

        assertThat(parts).hasSizeGreaterThan(1);
        assertThat(parts).allSatisfy(p -> {
            assertThat(p.getText().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
            assertThat(p.getParts()).isEqualTo(parts.size());
        });
        assertThat(parts.stream().map(AlertNotification::getNotificationId).distinct())
                .hasSize(parts.size());
        String all =
                String.join("\n", parts.stream().map(AlertNotification::getText).toList());
        keys.forEach(k -> assertThat(all).contains(k));
    }

    @Test
    void aSilencedGoalIsLeftOutOfItsGroup() {
        NotificationPlanner planner = planner(ding("ops", byDepartment(null, null, null)));
        Instant t0 = Instant.now();
        silences.silence(new Silence("ordos-2025/grain", t0.plus(Duration.ofDays(1)), "known", "ops"));
        planner.onAlert(firing("grain", AGRI), t0, groups);
        planner.onAlert(firing("cattle", AGRI), t0, groups);

        assertThat(planner.tick(t0.plusSeconds(30), groups)).singleElement().satisfies(m -> {
            assertThat(m.getText()).contains("cattle").doesNotContain("grain");
        });
    }

    @Test
    void ungroupedReceiversGetEveryUpdateAtOnceUnderItsOwnKey() {
        NotificationPlanner planner =
                planner(ReceiverConfig.of("json", ReceiverType.JSON, URI.create("http://127.0.0.1/j")));

        List<AlertNotification> out = planner.onAlert(Alerts.firing(), Instant.parse("2025-07-14T02:00:00Z"), groups);

        assertThat(out).singleElement().satisfies(m -> {
            assertThat(m.getNotificationId()).isEqualTo("ordos-2025/fai-growth/falling-behind/20250712T160000Z#1");
            assertThat(m.getAlert()).isEqualTo(Alerts.firing());
        });
        assertThat(groups.ids()).isEmpty();
    }

    /** Group states kept as JSON, as the Streams store keeps them. */
    static final class JsonGroups implements NotificationPlanner.Groups {
        private final ObjectMapper json = new ObjectMapper();
        private final Map<String, String> states = new LinkedHashMap<>();

        @Override
        public Optional<GroupState> get(String id) {
            try {
                String s = states.get(id);
                return s == null ? Optional.empty() : Optional.of(json.readValue(s, GroupState.class));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public void put(String id, GroupState state) {
            try {
                states.put(id, json.writeValueAsString(state));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public void remove(String id) {
            states.remove(id);
        }

        @Override
        public List<String> ids() {
            return List.copyOf(states.keySet());
        }
    }
}

package city.ordos.plan.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SilenceRegistryTest {

    private static final String GDP = "ordos-2025/gdp-growth";
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-05T08:00:00Z"), ZoneOffset.UTC);
    private final Silence untilTuesday = new Silence(GDP, Instant.parse("2026-01-06T01:00:00Z"), "Q4 release", "li");

    @Test
    void aSilenceIsRecordedBeforeItTakesEffect() {
        List<String> journal = new ArrayList<>();
        SilenceRegistry registry = new SilenceRegistry(clock, new SilenceJournal() {
            @Override
            public void recordSilence(Silence silence) {
                journal.add("silence " + silence.goalKey());
            }

            @Override
            public void recordLift(String goalKey) {
                journal.add("lift " + goalKey);
            }
        });

        registry.silence(untilTuesday);
        assertThat(registry.lift(GDP)).isTrue();
        assertThat(registry.lift(GDP)).as("nothing left to lift").isFalse();

        assertThat(journal).containsExactly("silence " + GDP, "lift " + GDP);
    }

    @Test
    void aChangeTheJournalCouldNotRecordIsNotMade() {
        SilenceRegistry registry = new SilenceRegistry(clock, new SilenceJournal() {
            @Override
            public void recordSilence(Silence silence) {
                throw new NotRecordedException("broker unreachable", null);
            }

            @Override
            public void recordLift(String goalKey) {
                throw new NotRecordedException("broker unreachable", null);
            }
        });

        assertThatThrownBy(() -> registry.silence(untilTuesday))
                .isInstanceOf(SilenceJournal.NotRecordedException.class);
        assertThat(registry.activeFor(GDP)).isEmpty();

        registry.applyRecorded(untilTuesday);
        assertThatThrownBy(() -> registry.lift(GDP)).isInstanceOf(SilenceJournal.NotRecordedException.class);
        assertThat(registry.activeFor(GDP))
                .as("still silenced: the lift was not recorded")
                .isPresent();
    }

    @Test
    void changesRecordedElsewhereTakeEffectWithoutBeingRecordedAgain() {
        SilenceRegistry registry = new SilenceRegistry(clock, new SilenceJournal() {
            @Override
            public void recordSilence(Silence silence) {
                throw new AssertionError("re-recorded " + silence);
            }

            @Override
            public void recordLift(String goalKey) {
                throw new AssertionError("re-recorded lift of " + goalKey);
            }
        });

        registry.applyRecorded(untilTuesday);
        assertThat(registry.activeFor(GDP)).contains(untilTuesday);
        registry.applyLifted(GDP);
        assertThat(registry.activeFor(GDP)).isEmpty();
    }

    /**
     * Like the Kafka log: each change reaches the registry through the journal's reader, in journal
     * order, before the record call returns; {@code elsewhere} is what other instances wrote just after.
     */
    private static final class EchoingJournal implements SilenceJournal {
        SilenceRegistry registry;
        Runnable elsewhere = () -> {};

        @Override
        public void recordSilence(Silence silence) {
            registry.applyRecorded(silence);
            elsewhere.run();
        }

        @Override
        public void recordLift(String goalKey) {
            registry.applyLifted(goalKey);
            elsewhere.run();
        }

        @Override
        public boolean echoes() {
            return true;
        }
    }

    @Test
    void aLiftThatTheJournalAlreadyAppliedStillReportsThatThereWasASilence() {
        EchoingJournal journal = new EchoingJournal();
        SilenceRegistry registry = new SilenceRegistry(clock, journal);
        journal.registry = registry;

        registry.silence(untilTuesday);
        assertThat(registry.activeFor(GDP)).contains(untilTuesday);
        assertThat(registry.lift(GDP)).isTrue();
        assertThat(registry.activeFor(GDP)).isEmpty();
        assertThat(registry.lift(GDP)).isFalse();
    }

    @Test
    void withAnEchoingJournalTheJournalOrderWinsOverTheCallOrder() {
        EchoingJournal journal = new EchoingJournal();
        SilenceRegistry registry = new SilenceRegistry(clock, journal);
        journal.registry = registry;
        // Another operator lifted the goal through another instance, just after our silence.
        journal.elsewhere = () -> registry.applyLifted(GDP);

        registry.silence(untilTuesday);

        assertThat(registry.activeFor(GDP))
                .as("every instance applies the lift last, so must this one")
                .isEmpty();
    }
}

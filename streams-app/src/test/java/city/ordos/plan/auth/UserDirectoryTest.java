package city.ordos.plan.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Built-in accounts: hashes not passwords, lockout after repeated failures, changes of the file noticed and described. */
class UserDirectoryTest {

    private static final String PASSWORD = "plan-monitor-2025!";
    private static final String HASH = PasswordHashing.hash(PASSWORD);

    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-07-31T01:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void theRightPasswordSignsInAsTheAccountsRoleAndDepartments() throws Exception {
        UserDirectory users = UserDirectory.load(file(account("wang.fang", "reporter", HASH)), clock);

        UserDirectory.Outcome ok = users.signIn("wang.fang", PASSWORD);
        assertThat(ok).isInstanceOf(UserDirectory.Outcome.SignedIn.class);
        Principal p = ((UserDirectory.Outcome.SignedIn) ok).principal();
        assertThat(p.role()).isEqualTo(Role.REPORTER);
        assertThat(p.departments()).containsExactly("市发展和改革委员会");
        assertThat(p.answersFor("市发展和改革委员会")).isTrue();
        assertThat(p.answersFor("市水利局")).isFalse();
        assertThat(users.signIn("wang.fang", "wrong")).isInstanceOf(UserDirectory.Outcome.Refused.class);
        assertThat(users.signIn("nobody", PASSWORD)).isInstanceOf(UserDirectory.Outcome.Refused.class);
    }

    @Test
    void fiveFailuresLockTheAccountForFifteenMinutesEvenAgainstTheRightPassword() throws Exception {
        UserDirectory users = UserDirectory.load(file(account("zhao.lei", "operator", HASH)), clock);
        for (int i = 0; i < UserDirectory.MAX_FAILURES; i++) {
            users.signIn("zhao.lei", "guess-" + i);
        }
        assertThat(users.signIn("zhao.lei", PASSWORD))
                .isInstanceOfSatisfying(
                        UserDirectory.Outcome.Refused.class,
                        r -> assertThat(r.reason()).contains("locked out"));

        now.set(now.get().plus(UserDirectory.LOCKOUT).plus(Duration.ofSeconds(1)));
        assertThat(users.signIn("zhao.lei", PASSWORD)).isInstanceOf(UserDirectory.Outcome.SignedIn.class);
    }

    @Test
    void aChangedFileIsReadAgainAndItsChangesDescribedWithoutHashes() throws Exception {
        Path file = file(account("wang.fang", "reporter", HASH) + account("li.na", "viewer", HASH));
        UserDirectory users = UserDirectory.load(file, clock);

        Files.writeString(
                file, "users:\n" + account("wang.fang", "operator", PasswordHashing.hash("another password!!")));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        var changes = users.reloadIfChanged();

        assertThat(changes).hasSize(2);
        UserDirectory.Change promoted = changes.stream()
                .filter(c -> c.name().equals("wang.fang"))
                .findFirst()
                .orElseThrow();
        assertThat(promoted.before()).containsEntry("role", "REPORTER");
        assertThat(promoted.after()).containsEntry("role", "OPERATOR");
        assertThat(promoted.passwordChanged()).isTrue();
        assertThat(promoted.toString()).doesNotContain("$argon2");
        assertThat(changes.stream()
                        .filter(c -> c.name().equals("li.na"))
                        .findFirst()
                        .orElseThrow()
                        .after())
                .isNull();
        assertThat(users.current("li.na")).isEmpty();
        assertThat(users.reloadIfChanged()).as("unchanged file").isEmpty();
    }

    @Test
    void aPasswordInsteadOfAHashOrAReporterWithoutDepartmentStopsTheStart() throws Exception {
        assertThatThrownBy(() -> UserDirectory.load(file(account("x", "viewer", "plain-password")), clock))
                .hasMessageContaining("passwordHash must be an Argon2id or bcrypt hash");
        Path noDepartment = file("  - name: y\n    passwordHash: \"" + HASH + "\"\n    role: reporter\n");
        assertThatThrownBy(() -> UserDirectory.load(noDepartment, clock))
                .hasMessageContaining("a reporter needs at least one department");
    }

    private Path file(String accounts) throws Exception {
        return Files.writeString(dir.resolve("users-" + System.nanoTime() + ".yaml"), "users:\n" + accounts);
    }

    private static String account(String name, String role, String hash) {
        return "  - name: " + name + "\n    passwordHash: \"" + hash + "\"\n    role: " + role
                + "\n    departments: [市发展和改革委员会]\n";
    }
}

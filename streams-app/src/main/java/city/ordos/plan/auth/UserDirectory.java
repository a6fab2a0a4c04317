package city.ordos.plan.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The built-in accounts, from a YAML users file (docs/security.md#built-in-accounts): name, display
 * name, password hash (Argon2id or bcrypt, never a password), role and departments. The file is read
 * again when it changes, and {@link #reloadIfChanged()} says what changed, for the audit trail. After
 * {@value #MAX_FAILURES} failed sign-ins within {@link #LOCKOUT} an account refuses even the right
 * password until the lockout has passed.
 */
public final class UserDirectory {

    static final int MAX_FAILURES = 5;
    static final Duration LOCKOUT = Duration.ofMinutes(15);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One account as the file states it. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Account(String name, String displayName, String passwordHash, String role, List<String> departments) {

        Principal principal() {
            return Principal.of(
                    name,
                    displayName == null || displayName.isBlank() ? name : displayName,
                    Role.parse(role),
                    Set.copyOf(departments == null ? List.of() : departments),
                    Principal.Via.PASSWORD);
        }

        /** What the audit trail may show of the account: no hash, only whether it changed. */
        Map<String, Object> visible() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("displayName", displayName);
            m.put("role", Role.parse(role).name());
            m.put("departments", new TreeSet<>(departments == null ? List.of() : departments));
            return m;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    record UsersFile(List<Account> users) {}

    /** An account added, removed or changed by a reload; before/after without the hash. */
    public record Change(String name, Map<String, Object> before, Map<String, Object> after, boolean passwordChanged) {}

    /** The outcome of a sign-in attempt. */
    public sealed interface Outcome {
        record SignedIn(Principal principal) implements Outcome {}

        record Refused(String reason) implements Outcome {}
    }

    private final Path file;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();
    private Map<String, Account> accounts = Map.of();
    private FileTime loadedVersion;

    private UserDirectory(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** @throws IllegalArgumentException naming the fault when the file is unreadable or an entry is wrong */
    public static UserDirectory load(Path file, Clock clock) {
        UserDirectory d = new UserDirectory(file, clock);
        d.reloadIfChanged();
        return d;
    }

    /** No built-in accounts (single sign-on only, or the API token alone). */
    public static UserDirectory none(Clock clock) {
        return new UserDirectory(null, clock);
    }

    /** Reads the file again if it changed since the last read; the accounts added, removed or changed. */
    public synchronized List<Change> reloadIfChanged() {
        if (file == null) {
            return List.of();
        }
        FileTime version;
        try {
            version = Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the users file " + file, e);
        }
        if (version.equals(loadedVersion)) {
            return List.of();
        }
        Map<String, Account> read = read(file);
        List<Change> changes = new ArrayList<>();
        for (Account a : read.values()) {
            Account old = accounts.get(a.name());
            if (old == null) {
                changes.add(new Change(a.name(), null, a.visible(), true));
            } else if (!old.equals(a)) {
                changes.add(new Change(
                        a.name(),
                        old.visible(),
                        a.visible(),
                        !old.passwordHash().equals(a.passwordHash())));
            }
        }
        for (Account old : accounts.values()) {
            if (!read.containsKey(old.name())) {
                changes.add(new Change(old.name(), old.visible(), null, false));
            }
        }
        accounts = read;
        loadedVersion = version;
        return changes;
    }

    private static Map<String, Account> read(Path file) {
        UsersFile parsed;
        try {
            parsed = YAML.readValue(file.toFile(), UsersFile.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("the users file " + file + " is not readable: " + e.getMessage(), e);
        }
        Map<String, Account> byName = new LinkedHashMap<>();
        for (Account a : parsed.users() == null ? List.<Account>of() : parsed.users()) {
            if (a.name() == null || a.name().isBlank()) {
                throw new IllegalArgumentException("the users file " + file + " has an account without a name");
            }
            if (!PasswordHashing.isKnownFormat(a.passwordHash())) {
                throw new IllegalArgumentException("account " + a.name() + " in " + file
                        + ": passwordHash must be an Argon2id or bcrypt hash (make one with PasswordHashMain)");
            }
            Role role = Role.parse(a.role());
            if (role == Role.REPORTER
                    && (a.departments() == null || a.departments().isEmpty())) {
                throw new IllegalArgumentException(
                        "account " + a.name() + " in " + file + ": a reporter needs at least one department");
            }
            if (byName.put(a.name(), a) != null) {
                throw new IllegalArgumentException("account " + a.name() + " appears twice in " + file);
            }
        }
        return Map.copyOf(byName);
    }

    public boolean isEmpty() {
        return accounts.isEmpty();
    }

    /** Checks a name and password; the reason of a refusal is for the audit trail, not for the caller. */
    public Outcome signIn(String name, CharSequence password) {
        Account account;
        synchronized (this) {
            account = accounts.get(name);
            if (account != null && lockedOut(name)) {
                return new Outcome.Refused("locked out after " + MAX_FAILURES + " failed sign-ins within " + LOCKOUT);
            }
        }
        boolean ok = PasswordHashing.matches(password, account == null ? null : account.passwordHash());
        synchronized (this) {
            if (account == null) {
                return new Outcome.Refused("no such account");
            }
            if (!ok) {
                failures.computeIfAbsent(name, n -> new ArrayDeque<>()).addLast(clock.instant());
                return new Outcome.Refused("wrong password");
            }
            failures.remove(name);
            return new Outcome.SignedIn(account.principal());
        }
    }

    private boolean lockedOut(String name) {
        Deque<Instant> recent = failures.get(name);
        if (recent == null) {
            return false;
        }
        Instant since = clock.instant().minus(LOCKOUT);
        while (!recent.isEmpty() && recent.peekFirst().isBefore(since)) {
            recent.removeFirst();
        }
        return recent.size() >= MAX_FAILURES;
    }

    /** The account's current principal (a session re-reads it, so a role change applies at once). */
    public synchronized Optional<Principal> current(String name) {
        return Optional.ofNullable(accounts.get(name)).map(Account::principal);
    }

    public boolean knows(String name) {
        return accounts.containsKey(Objects.requireNonNull(name));
    }
}

package city.ordos.plan.auth;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Prints the Argon2id hash of a password for the users file (docs/security.md). The password is
 * read from the console without echo, or from standard input when there is no console; never from
 * the command line, where shells and process lists would keep it.
 */
public final class PasswordHashMain {

    private PasswordHashMain() {}

    public static void main(String[] args) throws IOException {
        char[] password;
        Console console = System.console();
        if (console != null) {
            password = console.readPassword("Password: ");
            char[] again = console.readPassword("Again: ");
            if (password == null || again == null || !new String(password).equals(new String(again))) {
                System.err.println("the two passwords differ");
                System.exit(2);
            }
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? new char[0] : line.toCharArray();
        }
        if (password.length < 12) {
            System.err.println("a password needs at least 12 characters");
            System.exit(2);
        }
        System.out.println(PasswordHashing.hash(new String(password)));
    }
}

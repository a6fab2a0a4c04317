package city.ordos.plan.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The flags every command of the product spells the same way (docs/operations.md, "Command lines"):
 * a user who learned {@code -b} on one command must not meet {@code --bootstrap} on the next.
 */
public final class CliVocabulary {

    /** Each shared concept with the one set of names an option for it carries. */
    public static final Map<String, Set<String>> CANONICAL = Map.of(
            "Kafka bootstrap servers", Set.of("-b", "--bootstrap-servers"),
            "schema registry URL", Set.of("-r", "--schema-registry-url"),
            "Kafka/registry client properties file", Set.of("-c", "--config"),
            "one client setting KEY=VALUE", Set.of("-X", "--property"),
            "topic name prefix", Set.of("--topic-prefix"));

    /** Spellings of those concepts that the product once used or a user might expect; none may come back. */
    public static final Set<String> FORBIDDEN = Set.of(
            "--topics-prefix",
            "--prefix",
            "--bootstrap",
            "--bootstrap-server",
            "--broker",
            "--brokers",
            "--registry",
            "--registry-url",
            "--schema-registry",
            "--client-config",
            "--kafka-config",
            "--properties");

    private CliVocabulary() {}

    /** Every option of {@code root} and its subcommands that breaks the vocabulary, described. */
    public static List<String> violations(CommandLine root) {
        List<String> found = new ArrayList<>();
        walk(root, found);
        return found;
    }

    private static void walk(CommandLine command, List<String> found) {
        String path = command.getCommandSpec().qualifiedName();
        for (OptionSpec option : command.getCommandSpec().options()) {
            Set<String> names = new TreeSet<>(List.of(option.names()));
            for (String name : names) {
                if (FORBIDDEN.contains(name)) {
                    found.add(path + ": " + name + " is not a flag of this product");
                }
            }
            CANONICAL.forEach((concept, canonical) -> {
                if (!Collections.disjoint(names, canonical) && !names.equals(canonical)) {
                    found.add(path + ": the " + concept + " option is " + names + ", should be "
                            + new TreeSet<>(canonical));
                }
            });
        }
        command.getSubcommands().values().forEach(sub -> walk(sub, found));
    }
}

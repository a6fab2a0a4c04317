package city.ordos.plan.producers.cli;

import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.catalog.BuiltInCatalog;
import city.ordos.plan.catalog.Catalog;
import city.ordos.plan.catalog.CatalogException;
import city.ordos.plan.catalog.CatalogParser;
import city.ordos.plan.catalog.CatalogPublishException;
import city.ordos.plan.catalog.CatalogPublisher;
import city.ordos.plan.catalog.CatalogValidator;
import city.ordos.plan.catalog.PublishResult;
import city.ordos.plan.config.OrdosEnvironment.KafkaClient;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code catalog validate} and {@code catalog publish}: the goal catalog of a plan, checked and put on the goals topic. */
@Command(
        name = "catalog",
        mixinStandardHelpOptions = true,
        description = "Checks a goal catalog file and publishes it to the compacted goals topic (docs/goals.md).",
        subcommands = {CatalogCommand.Validate.class, CatalogCommand.Publish.class})
public final class CatalogCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "choose a subcommand: validate, publish");
    }

    /** The catalog shipped with the product. */
    static final class FileOption {
        @Option(
                names = {"-f", "--file"},
                paramLabel = "FILE",
                description = "Catalog YAML file (default: the bundled " + BuiltInCatalog.RESOURCE + ").")
        Path file;

        Catalog parse() {
            CatalogParser parser = new CatalogParser();
            return file == null ? BuiltInCatalog.parse() : parser.parse(file);
        }
    }

    @Command(
            name = "validate",
            mixinStandardHelpOptions = true,
            description = {
                "Validates a catalog and lists every error (entry.field: message).",
                "Exit status: 0 valid, 2 invalid."
            })
    static final class Validate implements Callable<Integer> {
        @Mixin
        FileOption file;

        @Override
        public Integer call() {
            try {
                Catalog catalog = file.parse();
                List<GoalDefinition> goals = CatalogValidator.standard().validate(catalog);
                System.out.println(
                        catalog.source() + ": plan " + catalog.planId() + ", " + goals.size() + " goals, valid");
                return 0;
            } catch (CatalogException e) {
                System.err.println(e.getMessage());
                return 2;
            }
        }
    }

    @Command(
            name = "publish",
            mixinStandardHelpOptions = true,
            description = {
                "Validates a catalog and publishes its new and changed goals to the goals topic; "
                        + "nothing is published if the file has any error.",
                "Exit status: 0 published, 2 invalid catalog, 1 the topic could not be read or written."
            })
    static final class Publish implements Callable<Integer> {
        @Mixin
        FileOption file;

        @Mixin
        ConnectionOptions connection;

        @Option(
                names = "--prune",
                description = "Tombstone goals of this plan that are on the topic but no longer in the file "
                        + "(without it they are kept and listed).")
        boolean prune;

        @Option(
                names = "--timeout",
                defaultValue = "PT60S",
                paramLabel = "DURATION",
                description = "How long reading the topic and each send may take (ISO-8601, default ${DEFAULT-VALUE}).")
        Duration timeout;

        @Override
        public Integer call() {
            PrintStream out = System.out;
            List<GoalDefinition> goals;
            Catalog catalog;
            try {
                catalog = file.parse();
                goals = CatalogValidator.standard().validate(catalog);
            } catch (CatalogException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            try {
                PublishResult result = new CatalogPublisher(
                                connection.clientSettings(KafkaClient.PRODUCER, KafkaClient.CONSUMER),
                                connection.topics(),
                                timeout)
                        .publish(catalog.planId(), goals, prune);
                out.println("catalog " + catalog.source() + " -> "
                        + connection.topics().goals().name() + ": " + result);
                return 0;
            } catch (CatalogPublishException | IllegalArgumentException e) {
                System.err.println("catalog publish: " + e.getMessage());
                return 1;
            }
        }
    }
}

package city.ordos.plan.producers;

import city.ordos.plan.producers.cli.BilingualUsageErrors;
import city.ordos.plan.producers.cli.CatalogCommand;
import city.ordos.plan.producers.cli.ImportCommand;
import city.ordos.plan.producers.cli.SchemasCommand;
import city.ordos.plan.producers.cli.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The producers' command line: {@code simulate} a plan year into Kafka, {@code import} report
 * files, {@code catalog publish} the goals, {@code schemas register} the contract. Exit status 0 means everything was delivered; see each subcommand's help for the others.
 */
@Command(
        name = "ordos-producers",
        mixinStandardHelpOptions = true,
        version = "ordos-producers 0.1.0",
        description = "Publishes the input events of the Ordos 2025 plan monitor: simulated city feeds and "
                + "imported report files.",
        subcommands = {
            SimulateCommand.class,
            ImportCommand.class,
            CatalogCommand.class,
            SchemasCommand.class,
            CommandLine.HelpCommand.class
        })
public final class ProducersCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns the exit status instead of exiting (for embedding and tests). */
    public static int execute(String... args) {
        return BilingualUsageErrors.install(new CommandLine(new ProducersCli()))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "choose a subcommand: simulate, import, catalog, schemas");
    }
}

package city.ordos.plan.producers.cli;

import city.ordos.plan.registry.ContractRegistration;
import city.ordos.plan.registry.SchemaRegistryClient;
import city.ordos.plan.registry.SchemaRegistryClients;
import city.ordos.plan.registry.SchemaRegistryException;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code schemas register}: the product's contract put into a schema registry at deploy time. */
@Command(
        name = "schemas",
        mixinStandardHelpOptions = true,
        description = "The Avro contract in the schema registry (docs/schemas.md).",
        subcommands = {SchemasCommand.Register.class})
public final class SchemasCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "choose a subcommand: register");
    }

    @Command(
            name = "register",
            mixinStandardHelpOptions = true,
            description = {
                "Registers every input and output subject (<topic>-value) with this build's schema and its own"
                        + " BACKWARD compatibility level, so producers with auto.register.schemas=false work from the"
                        + " start. Changes only what is missing; needs the registry's credentials for that"
                        + " (-X basic.auth.credentials.source=USER_INFO -X basic.auth.user.info=USER:PASSWORD).",
                "Exit status: 0 the contract is in place, 1 the registry refused or could not be reached."
            })
    static final class Register implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;

        @Override
        public Integer call() {
            try (SchemaRegistryClient client = SchemaRegistryClients.create(connection.clientSettings())) {
                List<ContractRegistration.Outcome> outcomes =
                        new ContractRegistration(client).registerAll(connection.topics());
                outcomes.forEach(System.out::println);
                return 0;
            } catch (SchemaRegistryException | ConfigException e) {
                System.err.println("schemas register: " + e.getMessage());
                return 1;
            }
        }
    }
}

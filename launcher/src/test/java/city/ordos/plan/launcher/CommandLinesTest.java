package city.ordos.plan.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.testing.CliVocabulary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The jar users run answers for every command of the product ({@code ordos}, {@code ordos reconcile},
 * {@code ordos notifier}, {@code ordos producers ...}), and all of them speak one flag vocabulary.
 */
class CommandLinesTest {

    @Test
    void everyCommandOfTheJarSpellsTheSharedFlagsTheSameWay() {
        assertThat(CliVocabulary.violations(OrdosApp.commandLine())).isEmpty();
    }

    @Test
    void everyCommandAnswersHelpWithItsUsage() {
        List<CommandLine> commands = new ArrayList<>();
        collect(OrdosApp.commandLine(), commands);
        assertThat(commands)
                .extracting(c -> c.getCommandSpec().qualifiedName())
                .contains(
                        "ordos",
                        "ordos reconcile",
                        "ordos notifier",
                        "ordos producers",
                        "ordos producers simulate",
                        "ordos producers import",
                        "ordos producers catalog publish");
        for (CommandLine command : commands) {
            StringWriter out = new StringWriter();
            command.setOut(new PrintWriter(out));
            int status = command.execute("--help");
            String name = command.getCommandSpec().qualifiedName();
            assertThat(status).as(name + " --help").isZero();
            assertThat(out.toString()).as(name + " --help").contains("Usage: " + name);
        }
    }

    @Test
    void everyCommandNamesAUsageErrorInChineseAndEnglishAndExits2() {
        List<CommandLine> commands = new ArrayList<>();
        collect(OrdosApp.commandLine(), commands);
        commands.removeIf(c -> c.getCommandSpec().userObject() instanceof CommandLine.HelpCommand);
        for (CommandLine command : commands) {
            StringWriter err = new StringWriter();
            command.setErr(new PrintWriter(err));
            int status = command.execute("--no-such-flag");
            String name = command.getCommandSpec().qualifiedName();
            String firstLine = err.toString().lines().findFirst().orElse("");
            assertThat(status).as(name + " --no-such-flag").isEqualTo(2);
            if (command.getCommandSpec().requiredArgs().isEmpty()) {
                assertThat(firstLine)
                        .as(name + " --no-such-flag")
                        .isEqualTo("无法识别的选项：'--no-such-flag' / Unknown option: '--no-such-flag'");
            } else {
                // picocli names what is missing first (notifier's --notifier-config, import's FILE).
                assertThat(firstLine).as(name + " --no-such-flag").startsWith("缺少必需的选项或参数：'");
                assertThat(firstLine).contains(" / Missing required ");
            }
        }
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, into));
    }
}

package city.ordos.plan.producers.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.MutuallyExclusiveArgsException;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Usage errors (an unknown option, a missing or unusable value) in Chinese and English, as the
 * importer names a rejected row: {@code 无法识别的选项或参数：'--nope' / Unknown option: '--nope'}.
 * Then, as picocli does by default, the suggestions for a mistyped name or else the usage, and
 * exit status 2 (the command's {@code exitCodeOnInvalidInput}). Installed on the root of a command
 * line ({@link #install}), which hands it to every subcommand.
 */
public final class BilingualUsageErrors implements IParameterExceptionHandler {

    /** Installs the handler on {@code root} and every subcommand it holds now; returns {@code root}. */
    public static CommandLine install(CommandLine root) {
        return root.setParameterExceptionHandler(new BilingualUsageErrors());
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getColorScheme().errorText(chinese(ex) + " / " + ex.getMessage()));
        if (!UnmatchedArgumentException.printSuggestions(ex, err)) {
            command.usage(err, command.getColorScheme());
        }
        err.flush();
        IExitCodeExceptionMapper mapper = command.getExitCodeExceptionMapper();
        return mapper != null
                ? mapper.getExitCode(ex)
                : command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** What went wrong, in Chinese, naming the options and values picocli names. */
    static String chinese(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException unmatched) {
            return (unmatched.isUnknownOption() ? "无法识别的选项：" : "多余的参数：") + quoted(unmatched.getUnmatched());
        }
        if (ex instanceof MissingParameterException missing) {
            return "缺少必需的选项或参数："
                    + missing.getMissing().stream()
                            .map(BilingualUsageErrors::name)
                            .map(n -> "'" + n + "'")
                            .collect(Collectors.joining("，"));
        }
        if (ex instanceof OverwrittenOptionException overwritten) {
            return "选项只能给一次：'" + name(overwritten.getOverwritten()) + "'";
        }
        if (ex instanceof MutuallyExclusiveArgsException) {
            return "这些选项不能同时使用";
        }
        if (ex.getArgSpec() != null && ex.getValue() != null) {
            return "'" + name(ex.getArgSpec()) + "' 的值无效：'" + ex.getValue() + "'";
        }
        return "命令行用法错误";
    }

    private static String name(ArgSpec arg) {
        return arg instanceof OptionSpec option ? option.longestName() : arg.paramLabel();
    }

    private static String quoted(List<String> values) {
        return values.stream().map(v -> "'" + v + "'").collect(Collectors.joining("，"));
    }
}

using System.CommandLine;
using System.Text.RegularExpressions;

namespace ReplicaSim.Cli;

/// <summary>Builds the command tree and maps parse errors to exit code 2 (usage), failures to 1.</summary>
public static partial class CliApp
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    /// <summary>The console entry point: <see cref="Run"/> with Ctrl-C handled (exit code 130, nothing half-written).</summary>
    public static int RunConsole(string[] args)
    {
        Interrupts.Install(Console.Error);
        return Run(args, Console.Out, Console.Error);
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("ReplicaSim: what happens to your data when your app runs as several container replicas, " +
                                   "each with its own SQLite file, and what changes with one shared (Multi-AZ) database.");
        foreach (var command in BuildCommands(stdout, stderr))
        {
            root.Subcommands.Add(command);
        }
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                stderr.WriteLine("error: " + InPlainWords(error.Message));
            }
            stderr.WriteLine("Run 'replicasim --help' for usage.");
            return Usage;
        }
        if (OptionLikeArgument(parse) is { } unknown)
        {
            stderr.WriteLine("error: " + unknown);
            stderr.WriteLine("Run 'replicasim --help' for usage.");
            return Usage;
        }
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return parse.Invoke(config);
        }
        catch (UsageException e)
        {
            stderr.WriteLine("error: " + e.Message);
            stderr.WriteLine($"Run 'replicasim {parse.CommandResult.Command.Name} --help' for usage.");
            return Usage;
        }
        catch (UserFacingException e)
        {
            stderr.WriteLine("error: " + e.Message);
            return Failed;
        }
        catch (Scenarios.ScenarioException e)
        {
            foreach (var error in e.Errors)
            {
                stderr.WriteLine(error.ToString());
            }
            stderr.WriteLine($"the scenario is invalid ({e.Errors.Count} problem(s)); nothing was written");
            return Failed;
        }
        catch (IOException e)
        {
            stderr.WriteLine("error: " + e.Message);
            return Failed;
        }
        catch (UnauthorizedAccessException e)
        {
            stderr.WriteLine("error: " + e.Message);
            return Failed;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug of ours, not a mistake of the user's: say so plainly, without a stack trace.
            stderr.WriteLine($"error: the run failed unexpectedly ({e.GetType().Name}: {e.Message}); please report it with the scenario file");
            return Failed;
        }
    }

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (?:option|command) '(?<symbol>[^']*)' as expected type '(?<type>[^']*)'\.?$")]
    private static partial Regex TypeError();

    /// <summary>
    /// The ranges the commands hold their whole-number options to (SweepCommand, AssessCommand, PlaygroundCommand), for a
    /// number too large even for its type: "at most 2147483647" would be true of the type and wrong for the option.
    /// </summary>
    private static readonly Dictionary<string, string> OwnRanges = new(StringComparer.Ordinal)
    {
        ["--seeds"] = "from 1 to 10000",
        ["--years"] = "from 1 to 10000",
        ["--jobs"] = "from 1 to 1024",
        ["--port"] = "0 to 65535 (0: any free port)",
    };

    /// <summary>System.CommandLine's conversion errors name .NET types ("System.Nullable`1[System.Int64]"); say what the option wants.</summary>
    internal static string InPlainWords(string message)
    {
        var m = TypeError().Match(message);
        if (!m.Success)
        {
            return message;
        }
        var type = m.Groups["type"].Value;
        var (wanted, example) = type.Contains("Int", StringComparison.Ordinal) ? ("a whole number", "42")
            : type.Contains("Double", StringComparison.Ordinal) ? ("a number", "0.5")
            : ("a different value", "");
        var symbol = m.Groups["symbol"].Value;
        var value = m.Groups["value"].Value;
        if (type.Contains("Int", StringComparison.Ordinal) && value.TrimStart('-', '+').Length > 0 && value.TrimStart('-', '+').All(char.IsAsciiDigit))
        {
            // A whole number, but too large for the option: say the option's own range where it has one, else the type's.
            if (OwnRanges.TryGetValue(symbol, out var range))
            {
                return $"{symbol} is out of range: {range} (got \"{value}\")";
            }
            var max = type.Contains("Int64", StringComparison.Ordinal) ? long.MaxValue : int.MaxValue;
            return $"{symbol} is out of range: at most {max.ToString(System.Globalization.CultureInfo.InvariantCulture)} (got \"{value}\")";
        }
        var sample = example.Length > 0 && symbol.StartsWith('-') ? $", e.g. {symbol} {example}" : "";
        return $"{symbol} wants {wanted}{sample} (got \"{value}\")";
    }

    /// <summary>
    /// An unknown option given to a command that takes several files (compare, validate, merge): the parser takes it
    /// for one more file name, so it is refused here as bad usage, as an unknown option is by the other commands;
    /// null when there is none. A file that really is named like an option still goes through.
    /// </summary>
    private static string? OptionLikeArgument(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        foreach (var argument in command.Arguments)
        {
            if (parse.GetResult(argument) is not { } result)
            {
                continue;
            }
            foreach (var token in result.Tokens)
            {
                var value = token.Value;
                if (value.Length > 1 && value[0] == '-' && !File.Exists(value) && !Directory.Exists(value))
                {
                    var hint = command.Name == "compare" && value == "--variant"
                        ? ": compare runs every variant of a file side by side; --variant V is for run, explain and bench"
                        : "";
                    return $"unrecognized option '{value}' for '{command.Name}' (see 'replicasim {command.Name} --help'){hint}";
                }
            }
        }
        return null;
    }

    private static IEnumerable<Command> BuildCommands(TextWriter stdout, TextWriter stderr)
    {
        yield return RunCommand.Build(stdout, stderr);
        yield return CompareCommand.Build(stdout, stderr);
        yield return SweepCommand.Build(stdout, stderr);
        yield return MergeCommand.Build(stdout);
        yield return AssessCommand.Build(stdout, stderr);
        yield return ExplainCommand.Build(stdout);
        yield return ValidateCommand.Build(stdout, stderr);
        yield return ListCommand.Build(stdout);
        yield return BenchCommand.Build(stdout, stderr);
        yield return PlaygroundCommand.Build(stdout);
    }
}

using System.CommandLine;
using ReplicaSim.Scenarios;

namespace ReplicaSim.Cli;

/// <summary><c>replicasim validate FILE...</c>: every problem in every file, with its location.</summary>
internal static class ValidateCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("files")
        {
            Description = "scenario files or library names (a *.schema.json among them is skipped: it describes scenarios, it is not one)",
            Arity = ArgumentArity.OneOrMore,
        };
        var allowLarge = new ScenarioOptions().AllowLarge;
        var command = new Command("validate", "Check scenario files (and each of their variants) and report every problem with its location.");
        command.Arguments.Add(files);
        command.Options.Add(allowLarge);
        command.SetAction(parse =>
        {
            var bad = 0;
            foreach (var f in parse.GetValue(files)!)
            {
                string shown;
                string path;
                try
                {
                    path = ScenarioFolder.Resolve(f, out shown);
                }
                catch (UserFacingException e)
                {
                    bad++;
                    stderr.WriteLine("error: " + e.Message);
                    continue;
                }
                if (path.EndsWith(".schema.json", StringComparison.OrdinalIgnoreCase))
                {
                    // `validate scenarios/*.json` names the schema too.
                    stdout.WriteLine($"{shown}: skipped (the JSON Schema of scenario files, not a scenario)");
                    continue;
                }
                var errors = ScenarioLoader.Validate(path, new LoadOptions { AllowLarge = parse.GetValue(allowLarge) });
                if (errors.Count == 0)
                {
                    stdout.WriteLine($"{shown}: ok");
                    continue;
                }
                bad++;
                foreach (var e in errors)
                {
                    stderr.WriteLine(e.ToString());
                }
                stderr.WriteLine($"{shown}: {errors.Count} problem(s)");
            }
            return bad == 0 ? CliApp.Ok : CliApp.Failed;
        });
        return command;
    }
}

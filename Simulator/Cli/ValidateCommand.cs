using System.CommandLine;
using ReplicaSim.Scenarios;

namespace ReplicaSim.Cli;

/// <summary><c>replicasim validate FILE...</c>: every problem in every file, with its location.</summary>
internal static class ValidateCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("files") { Description = "scenario files or library names", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Check scenario files (and each of their variants) and report every problem with its location.");
        command.Arguments.Add(files);
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
                var errors = ScenarioLoader.Validate(path);
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

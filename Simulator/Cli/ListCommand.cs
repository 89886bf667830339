using System.CommandLine;
using ReplicaSim.Scenarios;

namespace ReplicaSim.Cli;

/// <summary><c>replicasim list</c>: the scenarios in scenarios/ with their one-line descriptions.</summary>
internal static class ListCommand
{
    public static Command Build(TextWriter stdout)
    {
        var folder = new Option<DirectoryInfo?>("--dir") { Description = "folder to list (default: scenarios/)" };
        var command = new Command("list", "List the scenarios in scenarios/ with their one-line descriptions.");
        command.Options.Add(folder);
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(folder)?.FullName ?? ScenarioFolder.Find();
            if (!Directory.Exists(dir))
            {
                throw new UserFacingException($"no scenario folder at {dir}: run from the repository root or pass --dir");
            }
            var entries = ScenarioLoader.List(dir);
            var width = entries.Count == 0 ? 0 : entries.Max(e => Path.GetFileName(e.File).Length);
            foreach (var (file, _, line, _) in entries)
            {
                stdout.WriteLine($"{Path.GetFileName(file).PadRight(width)}  {line}");
            }
            return CliApp.Ok;
        });
        return command;
    }
}

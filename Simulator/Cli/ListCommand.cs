using System.CommandLine;
using ReplicaSim.Reporting;
using ReplicaSim.Scenarios;

namespace ReplicaSim.Cli;

/// <summary>
/// <c>replicasim list</c>: the scenarios (a local scenarios/ folder, else the library shipped with the tool)
/// with the first sentence of each description, the question it asks and its variants: what a teacher picks by.
/// </summary>
internal static class ListCommand
{
    public static Command Build(TextWriter stdout)
    {
        var folder = new Option<DirectoryInfo?>("--dir") { Description = "folder to list (default: scenarios/ here or above, else the library shipped with replicasim)" };
        var command = new Command("list", "List the scenarios with their descriptions, questions and variants (scenarios/ here or above, else the built-in library).");
        command.Options.Add(folder);
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(folder)?.FullName ?? ScenarioFolder.Find();
            if (!Directory.Exists(dir))
            {
                throw new UserFacingException($"no scenario folder at {dir}: pass --dir, or run from a folder that has scenarios/");
            }
            var entries = ScenarioLoader.List(dir);
            // Names resolve in the library folder (scenarios/ here or above); in any other folder, a file is named by its path.
            var byName = string.Equals(Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(ScenarioFolder.Find()).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
            var name = byName ? "NAME" : Path.Combine(Path.GetRelativePath(Environment.CurrentDirectory, dir), "FILE.json");
            stdout.WriteLine($"Scenarios in {dir}{Path.DirectorySeparatorChar}; run one with 'replicasim run {name}', its variants side by side with 'replicasim compare {name}'.");
            foreach (var (file, _, line, valid) in entries)
            {
                stdout.WriteLine();
                stdout.WriteLine($"{Path.GetFileName(file)}: {line}");
                if (!valid)
                {
                    continue;
                }
                var variants = ScenarioLoader.LoadVariants(file, new LoadOptions { AllowLarge = true });
                var question = variants[0].Question;
                if (question.Length > 0)
                {
                    stdout.WriteLine($"    question: {question}");
                }
                if (variants.Count > 1 || variants[0].Variant.Length > 0)
                {
                    // The architecture beside each name when that is what differs (else the names say what does).
                    var architectures = variants.Select(SummaryTable.Architecture).Distinct().Count() > 1;
                    stdout.WriteLine($"    variants: {string.Join(", ", variants.Select(v => architectures ? $"{v.Variant} ({SummaryTable.Architecture(v)})" : v.Variant))}");
                }
            }
            return CliApp.Ok;
        });
        return command;
    }
}

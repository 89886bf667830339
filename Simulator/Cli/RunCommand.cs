using System.CommandLine;
using ReplicaSim.Metrics;
using ReplicaSim.Reporting;
using ReplicaSim.Scenarios;

namespace ReplicaSim.Cli;

/// <summary><c>replicasim run FILE</c>: one scenario, a summary table, and the output files.</summary>
internal static class RunCommand
{
    public static Command Build(TextWriter stdout)
    {
        var file = new Argument<FileInfo>("file") { Description = "scenario file (JSON)" };
        var options = new ScenarioOptions();
        var history = new Option<bool>("--history") { Description = "also write history.jsonl: one line per request" };
        var command = new Command("run", "Simulate one scenario, print a summary table and write summary.json, timeline.csv, charts and report.md.");
        command.Arguments.Add(file);
        options.AddTo(command);
        command.Options.Add(history);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!.FullName;
            var scenario = ScenarioLoader.Load(path, options.LoadOptions(parse));
            var outDir = parse.GetValue(options.Out)?.FullName
                ?? (scenario.Variant.Length > 0 ? Path.Combine("output", scenario.Name, scenario.Variant) : Path.Combine("output", scenario.Name));
            var shown = Path.GetRelativePath(Directory.GetCurrentDirectory(), path).Replace('\\', '/');
            var repro = $"replicasim run {shown} --seed {scenario.Seed}" + (scenario.Variant.Length > 0 ? $" --variant {scenario.Variant}" : "") + string.Concat((parse.GetValue(options.Set) ?? []).Select(x => $" --set {x}"));
            var summary = Execute(scenario, outDir, parse.GetValue(history), repro);
            stdout.Write(SummaryTable.Render(summary));
            stdout.WriteLine($"wrote {Path.GetFullPath(outDir)}{Path.DirectorySeparatorChar}");
            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>Runs and writes every output of one run into <paramref name="outDir"/>.</summary>
    public static RunSummary Execute(Model.Scenario scenario, string outDir, bool history, string command)
    {
        Directory.CreateDirectory(outDir);
        RunSummary summary;
        if (history)
        {
            using var writer = new HistoryWriter(Path.Combine(outDir, "history.jsonl"));
            summary = Runner.Run(scenario, writer);
            writer.Complete();
        }
        else
        {
            summary = Runner.Run(scenario);
        }
        OutputWriter.WriteRun(summary, outDir, command);
        return summary;
    }
}

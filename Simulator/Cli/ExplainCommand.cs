using System.CommandLine;
using ReplicaSim.Metrics;
using ReplicaSim.Reporting;
using ReplicaSim.Scenarios;

namespace ReplicaSim.Cli;

/// <summary><c>replicasim explain FILE</c>: the run told in plain English, up to and through the first anomalies.</summary>
internal static class ExplainCommand
{
    public static Command Build(TextWriter stdout)
    {
        var file = new Argument<string>("file") { Description = "scenario file (JSON), or a library name such as lesson" };
        var options = new ScenarioOptions();
        var requests = new Option<int>("--requests") { Description = "how many ordinary requests to narrate before skipping to the anomalies", DefaultValueFactory = _ => 6 };
        var client = new Option<int?>("--client") { Description = "follow one client's requests (client numbers start at 0)" };
        var events = new Option<int>("--events") { Description = "at most this many system events (containers, health checks, database; faults are always told)", DefaultValueFactory = _ => 60 };
        var outFile = new Option<FileInfo?>("--out") { Description = "write the narration to this file (e.g. explain.txt) instead of printing it" };
        var command = new Command("explain", "Narrate the run in plain English, event by event, up to and through the first anomaly of each kind.");
        command.Arguments.Add(file);
        options.AddTo(command, withOut: false);
        command.Options.Add(outFile);
        command.Options.Add(requests);
        command.Options.Add(client);
        command.Options.Add(events);
        command.SetAction(parse =>
        {
            // Values the options rule out whatever the scenario: bad usage, before the file is read.
            if (parse.GetValue(requests) < 0 || parse.GetValue(events) < 0)
            {
                throw new UsageException("--requests and --events cannot be negative");
            }
            if (parse.GetValue(client) < 0)
            {
                throw new UsageException("--client cannot be negative: client numbers start at 0");
            }
            var path = ScenarioFolder.Resolve(parse.GetValue(file)!, out var shown);
            var load = options.LoadOptions(parse);
            Model.Scenario scenario;
            if (load.Variant is null && ScenarioLoader.LoadVariants(path, load) is { Count: > 1 } variants)
            {
                // A file with variants is about them: narrate the first, and name the others.
                scenario = variants[0];
                stdout.WriteLine($"{scenario.Name} has {variants.Count} variants; explaining {scenario.Variant} ({Reporting.SummaryTable.Architecture(scenario)}). " +
                                 $"Another: {string.Join(", ", variants.Skip(1).Select(v => $"'explain {shown} --variant {v.Variant}'"))}.");
                stdout.WriteLine();
            }
            else
            {
                scenario = ScenarioLoader.Load(path, load);
            }
            var who = parse.GetValue(client);
            if (who is { } c && c >= scenario.Workload.Clients)
            {
                throw new UserFacingException($"--client must be from 0 to {scenario.Workload.Clients - 1}: the scenario has {scenario.Workload.Clients} clients");
            }
            var target = parse.GetValue(outFile)?.FullName;
            if (target is not null && Directory.Exists(target))
            {
                // Checked before the run, so that a mistake costs nothing.
                throw new UserFacingException($"--out {target} is a folder; explain writes one file: give a file name such as {Path.Combine(target, "explain.txt")}");
            }
            if (target is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            }
            var narrator = new Narrator(parse.GetValue(requests), who, parse.GetValue(events));
            var summary = Runner.Run(scenario, narrator);
            if (target is null)
            {
                stdout.Write(narrator.Render(summary));
                return CliApp.Ok;
            }
            AtomicFile.WriteAllText(target, narrator.Render(summary));
            stdout.WriteLine($"wrote {target}");
            return CliApp.Ok;
        });
        return command;
    }
}

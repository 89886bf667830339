using System.CommandLine;
using ReplicaSim.Metrics;
using ReplicaSim.Reporting;
using ReplicaSim.Scenarios;

namespace ReplicaSim.Cli;

/// <summary>
/// <c>replicasim run FILE</c>: one scenario, a summary table, and the output files. A file with variants
/// runs every variant (each into its own folder, all on the file's seed, as <c>compare</c> does) unless
/// <c>--variant</c> picks one, and says so.
/// </summary>
internal static class RunCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("file") { Description = "scenario file (JSON), or a library name such as lesson (see 'replicasim list')" };
        var options = new ScenarioOptions();
        var history = new Option<bool>("--history") { Description = "also write history.jsonl: one line per request" };
        var format = new Option<string?>("--history-format")
        {
            Description = "jsonl (history.jsonl, the default) or jepsen (history.edn: invoke/ok/fail/info operations for Knossos or Elle); implies --history",
        };
        format.AcceptOnlyFromAmong("jsonl", "jepsen");
        var command = new Command("run", "Simulate one scenario, print a summary table and write summary.json, timeline.csv, charts and report.md. " +
                                         "A file with variants runs each of them (--variant picks one).");
        command.Arguments.Add(file);
        options.AddTo(command);
        command.Options.Add(history);
        command.Options.Add(format);
        command.SetAction(parse =>
        {
            var path = ScenarioFolder.Resolve(parse.GetValue(file)!, out var shown);
            var load = options.LoadOptions(parse);
            var sets = ShellWords.Sets(load.Sets ?? []) + (load.AllowLarge ? " --allow-large" : "");
            var outOption = parse.GetValue(options.Out)?.FullName;
            IReadOnlyList<Model.Scenario> scenarios = load.Variant is null ? ScenarioLoader.LoadVariants(path, load) : [ScenarioLoader.Load(path, load)];
            if (scenarios.Count > 1)
            {
                stdout.WriteLine($"{scenarios[0].Name} has {scenarios.Count} variants ({string.Join(", ", scenarios.Select(s => s.Variant))}); running each. " +
                                 $"'--variant {scenarios[0].Variant}' runs one; 'compare {shown}' puts them side by side.");
            }
            var runs = new RunSummary[scenarios.Count];
            var dirs = new string[scenarios.Count];
            for (var i = 0; i < scenarios.Count; i++)
            {
                var sc = scenarios[i];
                dirs[i] = scenarios.Count > 1
                    ? Path.Combine(outOption ?? Path.Combine("output", sc.Name), sc.Variant)
                    : outOption ?? (sc.Variant.Length > 0 ? Path.Combine("output", sc.Name, sc.Variant) : Path.Combine("output", sc.Name));
            }
            // Each output folder is checked and locked before anything runs, written privately and swapped in at the end.
            var stagings = new List<OutputStaging>();
            try
            {
                foreach (var dir in dirs)
                {
                    stagings.Add(OutputStaging.Begin(dir));
                }
                Parallel.For(0, scenarios.Count, i =>
                {
                    var sc = scenarios[i];
                    var repro = $"replicasim run {ShellWords.Quote(shown)} --seed {sc.Seed}" + (sc.Variant.Length > 0 ? $" --variant {ShellWords.Quote(sc.Variant)}" : "") + sets;
                    var kind = parse.GetValue(format) is { } f ? f : parse.GetValue(history) ? "jsonl" : null;
                    runs[i] = Execute(sc, stagings[i].Folder, kind, repro + (kind is null ? "" : kind == "jsonl" ? " --history" : $" --history-format {kind}"), stderr);
                });
                OutputStaging.CommitAll(stagings);
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
            }
            finally
            {
                foreach (var staging in stagings)
                {
                    staging.Dispose();
                }
            }
            for (var i = 0; i < runs.Length; i++)
            {
                if (scenarios.Count > 1)
                {
                    stdout.WriteLine();
                    stdout.WriteLine($"== variant {scenarios[i].Variant}: {SummaryTable.Architecture(scenarios[i])}");
                }
                else if (scenarios[i].Variant.Length > 0)
                {
                    stdout.WriteLine($"variant {scenarios[i].Variant}: {SummaryTable.Architecture(scenarios[i])}");
                }
                stdout.Write(SummaryTable.Render(runs[i]));
                stdout.WriteLine($"wrote {Path.GetFullPath(dirs[i])}{Path.DirectorySeparatorChar}");
            }
            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>
    /// Runs and writes every output of one run into <paramref name="outDir"/>; <paramref name="history"/> is
    /// null (no history), <c>jsonl</c> (history.jsonl) or <c>jepsen</c> (history.edn). A long run writes a
    /// progress line to <paramref name="progress"/> every few seconds.
    /// </summary>
    public static RunSummary Execute(Model.Scenario scenario, string outDir, string? history, string command, TextWriter? progress = null)
    {
        Reporting.AtomicFile.CreateDirectory(outDir);
        RunSummary summary;
        Model.IRunObserver[] watch = progress is not null && RunProgress.IsLong(scenario) ? [new RunProgress(progress)] : [];
        if (history == "jepsen")
        {
            var writer = new JepsenHistoryWriter(Path.Combine(outDir, "history.edn"), scenario.Workload.Clients);
            summary = Runner.Run(scenario, [writer, .. watch]);
            writer.Complete();
        }
        else if (history is not null)
        {
            using var writer = new HistoryWriter(Path.Combine(outDir, "history.jsonl"));
            summary = Runner.Run(scenario, [writer, .. watch]);
            writer.Complete();
        }
        else
        {
            summary = Runner.Run(scenario, watch);
        }
        OutputWriter.WriteRun(summary, outDir, command);
        return summary;
    }
}

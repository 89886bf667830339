using System.CommandLine;
using ReplicaSim.Metrics;
using ReplicaSim.Reporting;
using ReplicaSim.Scenarios;

namespace ReplicaSim.Cli;

/// <summary>
/// <c>replicasim sweep FILE --param PATH=V1,V2,... [--seeds K]</c>: every value with K seeds, on all cores;
/// <c>--shard K/N</c> runs one part of it for a job array, and <c>replicasim merge</c> puts the parts together.
/// </summary>
internal static class SweepCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<FileInfo>("file") { Description = "scenario file (JSON)" };
        var param = new Option<string>("--param") { Description = "the parameter and its values: --param service.replicas=1,2,3,5", Required = true };
        var seeds = new Option<int>("--seeds") { Description = "seeds per value (the scenario's seed, seed + 1, ...)", DefaultValueFactory = _ => 5 };
        var jobs = new Option<int?>("--jobs")
        {
            Description = "how many runs at once (default: one per core); the results are the same whatever the number",
        };
        var shard = ShardOption.Create("sweep's runs");
        var options = new ScenarioOptions();
        var command = new Command("sweep", "Run a scenario over parameter values and several seeds each; write sweep.csv, sweep.json and charts of each metric " +
                                           "against the parameter with 95 % confidence intervals, and theory beside them where a closed form exists.");
        command.Arguments.Add(file);
        command.Options.Add(param);
        command.Options.Add(seeds);
        command.Options.Add(jobs);
        command.Options.Add(shard);
        options.AddTo(command, defaultOut: "output/<scenario-name>-sweep-<parameter>/, apart from a run's folder");
        command.SetAction(parse =>
        {
            var path = Path.GetRelativePath(Directory.GetCurrentDirectory(), parse.GetValue(file)!.FullName).Replace('\\', '/');
            var spec = parse.GetValue(param)!;
            var eq = spec.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == spec.Length - 1)
            {
                throw new UsageException("--param must be PATH=V1,V2,..., e.g. --param service.replicas=1,2,3,5");
            }
            var values = SweepRunner.SplitValues(spec[(eq + 1)..]);
            if (values.Any(v => v.Length == 0) || values.Distinct().Count() != values.Count)
            {
                throw new UsageException("--param values must be non-empty and distinct");
            }
            var k = parse.GetValue(seeds);
            if (k < 1 || k > 10_000)
            {
                throw new UsageException("--seeds must be from 1 to 10000 (2 or more for confidence intervals)");
            }
            var parallel = parse.GetValue(jobs);
            if (parallel is < 1 or > 1024)
            {
                throw new UsageException("--jobs must be from 1 to 1024 (how many runs at once)");
            }
            // The shard's part first, before the file is read: a task that cannot tell which part it is fails as bad
            // usage (exit 2) whatever the scenario, and before it runs anything.
            var shardPart = parse.GetValue(shard) is { } s ? ShardOption.Resolve(s) : (Shard?)null;
            var load = options.LoadOptions(parse);
            var baseScenario = ScenarioLoader.Load(path, load);
            // The whole file is checked, variants and all, as run and compare check it: a file with a broken variant is
            // refused here too, with nothing written.
            if (load.Variant is null && ScenarioLoader.LoadVariants(path, load).Select(v => v.Variant).Where(v => v.Length > 0).ToList() is { Count: > 0 } variants)
            {
                // Not silently: the file's own fields may be none of the architectures its variants compare.
                stderr.WriteLine($"note: {baseScenario.Name} has variants ({string.Join(", ", variants)}); the sweep varies the file's own " +
                                 $"scenario, without any of them: '--variant {variants[0]}' sweeps that one");
            }
            var definition = new SweepDefinition(baseScenario.Name, path, baseScenario.Variant, spec[..eq].Trim(), values, k, baseScenario.Seed, load.Sets ?? [])
            {
                AllowLarge = load.AllowLarge,
            };
            SweepRunner.Check(definition);
            var outDir = parse.GetValue(options.Out)?.FullName ?? Path.Combine("output", $"{baseScenario.Name}-sweep-{definition.Parameter}");
            // A shard also records the scenario file as the runs read it, hashed before they start.
            var sharded = shardPart is { } p
                ? (Part: p, Provenance: new SweepProvenance(SweepRunner.ScenarioSha256(path), SweepRunner.ToolVersion))
                : ((Shard Part, SweepProvenance Provenance)?)null;
            var indices = sharded?.Part.Select(definition.Runs) ?? [.. Enumerable.Range(0, definition.Runs)];
            // A shard writes one file into a folder it shares with the other shards (atomically); a whole sweep swaps its folder in.
            using var staging = sharded is null ? OutputStaging.Begin(outDir) : null;
            if (sharded is not null)
            {
                // Checked before simulating: the shard file goes into this folder.
                if (File.Exists(outDir))
                {
                    throw new UserFacingException($"--out {Path.GetFullPath(outDir)} is a file; give the folder the shards share");
                }
                Directory.CreateDirectory(outDir);
            }
            var progress = new Progress(stderr, indices.Count, "runs");
            var runs = SweepRunner.Run(definition, indices, progress.Step, parallel);
            if (sharded is ({ } part, { } provenance))
            {
                // A shard writes its own file and nothing else, so re-running one failed task replaces just that file.
                var shardFile = Path.Combine(outDir, SweepRunner.ShardFileName(part));
                AtomicFile.WriteAllBytes(shardFile, SweepFiles.Shard(definition, provenance, part.Part, part.Parts, runs));
                stdout.WriteLine($"wrote {Path.GetFullPath(shardFile)} (shard {part.Part} of {part.Parts}: {runs.Count} of {definition.Runs} runs)");
                stdout.WriteLine($"when all {part.Parts} shards are done: replicasim merge {outDir}");
                return CliApp.Ok;
            }
            SweepRunner.Write(staging!.Folder, definition, runs);
            staging.Commit();
            PrintTable(stdout, definition, SweepAggregator.Aggregate(definition, runs));
            stdout.WriteLine($"wrote {Path.GetFullPath(outDir)}{Path.DirectorySeparatorChar} (sweep.csv, sweep.json, runs.csv, charts)");
            return CliApp.Ok;
        });
        return command;
    }

    public static void PrintTable(TextWriter o, SweepDefinition d, IReadOnlyList<SweepRow> rows)
    {
        string[] shown = ["readAnyMissingFraction", "writesLost", "downtimeSeconds", "availabilityPercent", "correctnessPercent", "latencyMeanMs"];
        o.WriteLine($"{d.Scenario}: {d.Parameter} over {d.Values.Count} values x {d.Seeds} seeds (mean, 95 % interval; theory in brackets)");
        o.WriteLine($"  {"value",-14}" + string.Concat(shown.Select(m => $"  {m,-30}")));
        foreach (var row in rows)
        {
            o.Write($"  {row.Value,-14}");
            foreach (var m in shown)
            {
                var c = row.Cells[SweepMetrics.IndexOf(m)];
                var cell = $"{Format.Number(c.Mean, 4)} ±{(double.IsFinite(c.CiHigh) ? Format.Number(c.CiHigh - c.Mean, 4) : "?")}" +
                           (c.Theory is { } t ? $" [{Format.Number(t, 4)}]" : "");
                o.Write($"  {cell,-30}");
            }
            o.WriteLine();
        }
    }
}

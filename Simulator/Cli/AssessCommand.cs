using System.CommandLine;
using System.Globalization;
using ReplicaSim.Metrics;
using ReplicaSim.Model;
using ReplicaSim.Reporting;
using ReplicaSim.Scenarios;

namespace ReplicaSim.Cli;

/// <summary>
/// <c>replicasim assess FILE [--years N] [--seeds K]</c>: every variant of the file over N x K simulated years on all
/// cores, held to the file's <c>policy</c>; <c>--shard K/N</c> runs one part for a job array, <c>merge</c> puts them together.
/// </summary>
internal static class AssessCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("file") { Description = "scenario file (JSON) with a \"policy\", or a library name" };
        var years = new Option<int>("--years") { Description = "simulated years per seed (each year one run of 365 days)", DefaultValueFactory = _ => 5 };
        var seeds = new Option<int>("--seeds") { Description = "seeds (the scenario's seed, seed + 1, ...); runs = years x seeds per architecture", DefaultValueFactory = _ => 2 };
        var shard = ShardOption.Create("assessment's runs");
        var options = new ScenarioOptions();
        var command = new Command("assess", "Run every variant of a scenario over N simulated years x K seeds with its random faults, and hold each to the " +
                                            "scenario's policy (availability, RTO and RPO per disruption type): a table, assessment.json, a cost-against-availability " +
                                            "chart, report.md and report.html, and the cheapest architecture that meets the policy.");
        command.Arguments.Add(file);
        command.Options.Add(years);
        command.Options.Add(seeds);
        command.Options.Add(shard);
        options.AddTo(command, withVariant: false, defaultOut: "output/<scenario-name>-assess/");
        command.SetAction(parse =>
        {
            var resolved = ScenarioFolder.Resolve(parse.GetValue(file)!, out var shown);
            var path = Path.GetRelativePath(Directory.GetCurrentDirectory(), resolved).Replace('\\', '/');
            var n = parse.GetValue(years);
            var k = parse.GetValue(seeds);
            if (n < 1 || n > 10_000)
            {
                throw new UsageException("--years must be from 1 to 10000");
            }
            if (k < 1 || k > 10_000)
            {
                throw new UsageException("--seeds must be from 1 to 10000 (years x seeds of 2 or more give confidence intervals)");
            }
            if ((long)n * k > 100_000)
            {
                throw new UsageException("--years x --seeds must be at most 100,000 runs per architecture");
            }
            // The shard's part before the file is read: bad usage (exit 2) whatever the scenario.
            var shardPart = parse.GetValue(shard) is { } s ? ShardOption.Resolve(s) : (Shard?)null;
            var load = options.LoadOptions(parse, withVariant: false);
            var sets = load.Sets ?? [];
            var definition = Define(path, load, n, k);
            var policy = ScenarioLoader.Load(path, load with { Sets = [.. sets, "duration=" + AssessmentDefinition.RunDuration] }).Policy!;
            var outDir = parse.GetValue(options.Out)?.FullName ?? Path.Combine("output", definition.Scenario + "-assess");
            var sharded = shardPart is { } p
                ? (Part: p, Provenance: new SweepProvenance(SweepRunner.ScenarioSha256(path), SweepRunner.ToolVersion))
                : ((Shard Part, SweepProvenance Provenance)?)null;
            var indices = sharded?.Part.Select(definition.Runs) ?? [.. Enumerable.Range(0, definition.Runs)];
            using var staging = sharded is null ? OutputStaging.Begin(outDir) : null;
            if (sharded is not null)
            {
                if (File.Exists(outDir))
                {
                    throw new UserFacingException($"--out {Path.GetFullPath(outDir)} is a file; give the folder the shards share");
                }
                Directory.CreateDirectory(outDir);
            }
            var progress = new Progress(stderr, indices.Count, "simulated years");
            var runs = Run(definition, indices, progress.Step);
            if (sharded is ({ } part, { } provenance))
            {
                var shardFile = Path.Combine(outDir, AssessmentFiles.ShardFileName(part.Part, part.Parts));
                AtomicFile.WriteAllBytes(shardFile, AssessmentFiles.Shard(definition, policy, provenance, part.Part, part.Parts, runs));
                stdout.WriteLine($"wrote {Path.GetFullPath(shardFile)} (shard {part.Part} of {part.Parts}: {runs.Count} of {definition.Runs} simulated years)");
                stdout.WriteLine($"when all {part.Parts} shards are done: replicasim merge {outDir}");
                return CliApp.Ok;
            }
            var result = Assessor.Assess(definition, policy, runs);
            Write(staging!.Folder, result, runs);
            staging.Commit();
            stdout.Write(AssessmentReport.Text(result));
            stdout.WriteLine($"wrote {Path.GetFullPath(outDir)}{Path.DirectorySeparatorChar} (assessment.json, runs.csv, {AssessmentReport.ChartName}.png, report.md, report.html)");
            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>The assessment of a file: its variants (or the file itself), checked before anything runs.</summary>
    internal static AssessmentDefinition Define(string path, LoadOptions load, int years, int seeds)
    {
        var sets = load.Sets ?? [];
        if (sets.FirstOrDefault(x => x.TrimStart().StartsWith("duration=", StringComparison.Ordinal)) is { } duration)
        {
            throw new UsageException($"--set {duration}: assess runs whole years (365 days each); choose how many with --years and --seeds");
        }
        var yearLoad = load with { Sets = [.. sets, "duration=" + AssessmentDefinition.RunDuration] };
        var scenarios = ScenarioLoader.LoadVariants(path, yearLoad);
        var first = scenarios[0];
        if (ScenarioLoader.Load(path, yearLoad).Policy is null)
        {
            throw new ScenarioException([new ScenarioError(path, "policy",
                "has no \"policy\" to assess against; add one, e.g. \"policy\": {\"availability\": 99.9, \"software\": {\"rto\": \"5m\", \"rpo\": \"0s\"}, " +
                "\"hardware\": {\"rto\": \"1h\", \"rpo\": \"5m\"}, \"az\": {\"rto\": \"1h\", \"rpo\": \"5m\"}}")]);
        }
        var variants = scenarios.Select(x => x.Variant.Length > 0 ? x.Variant : x.Name).ToList();
        var definition = new AssessmentDefinition(first.Name, path, variants, years, seeds, first.Seed, sets) { AllowLarge = load.AllowLarge };
        var requests = scenarios.Sum(x => x.Workload.ArrivalRatePerSecond * x.Duration.TotalSeconds) * definition.RunsPerVariant;
        if (!load.AllowLarge && requests > SweepRunner.SweepMaxRequests)
        {
            throw new UserFacingException(string.Create(CultureInfo.InvariantCulture,
                $"the assessment's {definition.Runs:N0} simulated years add up to {requests:N0} expected requests, more than the {SweepRunner.SweepMaxRequests:N0} " +
                $"an assessment takes without --allow-large (about a second per million on one core); availability over a year needs little traffic: lower " +
                $"\"workload.arrivalRate\" (0.1 to 1 request/s is plenty), use fewer --years or --seeds, or pass --allow-large to run it anyway"));
        }
        return definition;
    }

    public static Scenario Load(AssessmentDefinition d, int run)
    {
        var (v, _) = d.Cell(run);
        var variant = d.Variants.Count == 1 && d.Variants[0] == d.Scenario ? null : d.Variants[v];
        return ScenarioLoader.Load(d.ScenarioFile, new LoadOptions(d.SeedOf(run), [.. d.Sets, "duration=" + AssessmentDefinition.RunDuration], variant)
        {
            AllowLarge = d.AllowLarge,
        });
    }

    public static IReadOnlyList<AssessmentRun> Run(AssessmentDefinition d, IReadOnlyList<int> indices, Action? onRunDone = null, int? parallelism = null)
    {
        var results = new AssessmentRun[indices.Count];
        var options = new RunOptions(TrackRecoveryPoints: true);
        Parallel.For(0, indices.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism ?? Environment.ProcessorCount }, i =>
        {
            var summary = Runner.Run(Load(d, indices[i]), options);
            results[i] = AssessmentRun.From(indices[i], summary);
            onRunDone?.Invoke();
        });
        return results;
    }

    public static void Write(string outDir, AssessmentResult result, IReadOnlyList<AssessmentRun> runs)
    {
        var d = result.Definition;
        var repro = $"replicasim assess {ShellWords.Quote(d.ScenarioFile)} --years {d.Years} --seeds {d.Seeds}" + ShellWords.Sets(d.Sets) + (d.AllowLarge ? " --allow-large" : "");
        Directory.CreateDirectory(outDir);
        AtomicFile.WriteAllBytes(Path.Combine(outDir, "assessment.json"), AssessmentFiles.Json(result));
        AtomicFile.WriteAllText(Path.Combine(outDir, "runs.csv"), AssessmentFiles.RunsCsv(d, runs));
        var chart = AssessmentChart.Chart(result);
        Charts.Save(chart, Path.Combine(outDir, AssessmentReport.ChartName));
        AtomicFile.WriteAllText(Path.Combine(outDir, "report.md"), AssessmentReport.Markdown(result, repro));
        var svg = File.ReadAllText(Path.Combine(outDir, AssessmentReport.ChartName + ".svg"));
        AtomicFile.WriteAllText(Path.Combine(outDir, "report.html"), AssessmentReport.Html(result, svg, repro));
    }
}

using System.Reflection;
using System.Security.Cryptography;
using ReplicaSim.Metrics;
using ReplicaSim.Model;
using ReplicaSim.Reporting;
using ReplicaSim.Scenarios;

namespace ReplicaSim.Cli;

/// <summary>Runs the cells of a sweep on all cores and writes its outputs. Results do not depend on how many run at once.</summary>
internal static class SweepRunner
{
    /// <summary>
    /// The tool's version and build, e.g. "1.0.0 build 3f2a9c0d1e4b": the build is the start of the assembly's
    /// module id, which a deterministic build derives from its inputs, so two builds of different code differ
    /// even when their version number is the same. Part of a shard's fingerprint.
    /// </summary>
    public static string ToolVersion { get; } =
        (typeof(SweepRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown") +
        " build " + typeof(SweepRunner).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];

    /// <summary>SHA-256 (hex) of the scenario file as it is on disk; part of a shard's fingerprint.</summary>
    public static string ScenarioSha256(string path)
    {
        try
        {
            return Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"{path}: cannot read the scenario file: {e.Message}");
        }
    }

    /// <summary>sweep-shard-K-of-N.json: the one file a shard writes.</summary>
    public static string ShardFileName(Shard shard) => $"sweep-shard-{shard.Part}-of-{shard.Parts}.json";

    public static Scenario Load(SweepDefinition d, int run)
    {
        var (v, k) = d.Cell(run);
        return ScenarioLoader.Load(d.ScenarioFile, new LoadOptions(d.BaseSeed + k, d.Sets, d.Variant.Length > 0 ? d.Variant : null)
        {
            Param = $"{d.Parameter}={d.Values[v]}",
            ParamLabel = $"--param {d.Parameter}={string.Join(",", d.Values)}",
            AllowLarge = d.AllowLarge,
        });
    }

    /// <summary>Loads every value once so that a bad value is reported before anything runs.</summary>
    public static void Check(SweepDefinition d)
    {
        var errors = new List<ScenarioError>();
        var requests = 0.0;
        for (var v = 0; v < d.Values.Count; v++)
        {
            try
            {
                var s = Load(d, v * d.Seeds);
                requests += s.Workload.ArrivalRatePerSecond * s.Duration.TotalSeconds * d.Seeds;
            }
            catch (ScenarioException e)
            {
                errors.AddRange(e.Errors.Where(x => !errors.Contains(x)));
            }
        }
        if (errors.Count > 0)
        {
            throw new ScenarioException(errors);
        }
        if (!d.AllowLarge && requests > SweepMaxRequests)
        {
            throw new UserFacingException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the sweep's {d.Runs:N0} runs add up to {requests:N0} expected requests, more than the {SweepMaxRequests:N0} a sweep takes without --allow-large " +
                $"(about a second per million on one core); use fewer values or --seeds, a shorter duration, or pass --allow-large to run it anyway"));
        }
    }

    /// <summary>Ten times what one run may take (<see cref="WorkLimits.MaxExpectedRequests"/>): minutes, not hours.</summary>
    public const double SweepMaxRequests = 10 * WorkLimits.MaxExpectedRequests;

    public static IReadOnlyList<SweepRun> Run(SweepDefinition d, IReadOnlyList<int> indices, Action? onRunDone = null, int? parallelism = null)
    {
        var results = new SweepRun[indices.Count];
        Parallel.For(0, indices.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism ?? Environment.ProcessorCount }, i =>
        {
            var scenario = Load(d, indices[i]);
            var summary = Runner.Run(scenario);
            results[i] = new SweepRun(indices[i], scenario.Seed, SweepMetrics.Measure(summary), Theory.For(scenario));
            onRunDone?.Invoke();
        });
        return results;
    }

    public static void Write(string outDir, SweepDefinition d, IReadOnlyList<SweepRun> runs)
    {
        var rows = SweepAggregator.Aggregate(d, runs);
        AtomicFile.CreateDirectory(outDir);
        AtomicFile.WriteAllText(Path.Combine(outDir, "sweep.csv"), SweepFiles.Csv(d, rows));
        AtomicFile.WriteAllBytes(Path.Combine(outDir, "sweep.json"), SweepFiles.Json(d, rows));
        AtomicFile.WriteAllText(Path.Combine(outDir, "runs.csv"), SweepFiles.RunsCsv(d, runs));
        foreach (var metric in SweepCharts.ChartedFor(rows))
        {
            Charts.Save(SweepCharts.Chart(d, rows, metric), Path.Combine(outDir, "sweep-" + metric));
        }
    }

    /// <summary>Splits "a,b,{"x": 1, "y": 2},c" on the commas that are not inside braces, brackets or quotes.</summary>
    public static IReadOnlyList<string> SplitValues(string text)
    {
        var values = new List<string>();
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (ch == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && ch is '{' or '[')
            {
                depth++;
            }
            else if (!quoted && ch is '}' or ']')
            {
                depth--;
            }
            else if (!quoted && depth == 0 && ch == ',')
            {
                values.Add(text[start..i].Trim());
                start = i + 1;
            }
        }
        values.Add(text[start..].Trim());
        return values;
    }
}

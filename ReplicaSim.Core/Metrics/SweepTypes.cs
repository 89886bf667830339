namespace ReplicaSim.Metrics;

/// <summary>What a sweep runs: one parameter over several values, each with K seeds (base seed, base seed + 1, ...).</summary>
public sealed record SweepDefinition(
    string Scenario,
    string ScenarioFile,
    string Variant,
    string Parameter,
    IReadOnlyList<string> Values,
    int Seeds,
    long BaseSeed,
    IReadOnlyList<string> Sets)
{
    public int Runs => Values.Count * Seeds;

    /// <summary>Whether the runs may go past the scenario work limits (--allow-large); not part of the results.</summary>
    public bool AllowLarge { get; init; }

    public (int Value, int Seed) Cell(int run) => (run / Seeds, run % Seeds);
}

/// <summary>One run of a sweep: its metrics and, where a closed form exists, theory's value for each.</summary>
public sealed record SweepRun(int Index, long Seed, IReadOnlyList<double> Metrics, IReadOnlyList<double?> Theory);

/// <summary>One metric at one parameter value over the seeds.</summary>
public sealed record SweepCell(double Mean, double StandardDeviation, double CiLow, double CiHigh, double? Theory);

/// <summary>Every metric at one parameter value.</summary>
public sealed record SweepRow(string Value, IReadOnlyList<SweepCell> Cells);

/// <summary>What a sweep's results depend on beyond its definition: the scenario file's content (SHA-256, hex) and the tool's version.</summary>
public sealed record SweepProvenance(string ScenarioSha256, string ToolVersion);

/// <summary>A shard file of a sweep: part <see cref="Shard"/> of <see cref="Shards"/>, its runs, and the fingerprint of the sweep it belongs to.</summary>
public sealed record SweepShard(SweepDefinition Definition, SweepProvenance Provenance, string Fingerprint, int Shard, int Shards, IReadOnlyList<SweepRun> Runs);

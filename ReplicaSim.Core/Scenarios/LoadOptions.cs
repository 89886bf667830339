namespace ReplicaSim.Scenarios;

/// <summary>
/// What the command line adds to a scenario file: a seed, <c>--set</c> overrides, a variant, a swept
/// <c>--param</c> value (PATH=VALUE, applied after the sets and named as <c>--param</c> in messages), and
/// <see cref="AllowLarge"/> to go past the <see cref="WorkLimits"/> on purpose.
/// </summary>
public sealed record LoadOptions(long? Seed = null, IReadOnlyList<string>? Sets = null, string? Variant = null)
{
    public static readonly LoadOptions None = new();

    /// <summary>The value of a sweep's <c>--param</c> for this run, as PATH=VALUE.</summary>
    public string? Param { get; init; }

    /// <summary>How the <c>--param</c> reads on the command line, for messages (e.g. "--param service.replicas=1,two").</summary>
    public string? ParamLabel { get; init; }

    /// <summary>Run even when the scenario exceeds the limits that keep a run within a few minutes and a few GB.</summary>
    public bool AllowLarge { get; init; }
}

namespace ReplicaSim.Scenarios;

/// <summary>What the command line adds to a scenario file: a seed, <c>--set</c> overrides, a variant.</summary>
public sealed record LoadOptions(long? Seed = null, IReadOnlyList<string>? Sets = null, string? Variant = null)
{
    public static readonly LoadOptions None = new();
}

using System.CommandLine;
using ReplicaSim.Scenarios;

namespace ReplicaSim.Cli;

/// <summary>The options shared by the commands that run scenarios.</summary>
internal sealed class ScenarioOptions
{
    public Option<DirectoryInfo?> Out { get; } = new("--out") { Description = "output folder (default: output/<scenario-name>/)" };
    public Option<long?> Seed { get; } = new("--seed") { Description = "master seed, overriding the scenario's" };
    public Option<string[]> Set { get; } = new("--set") { Description = "override a scenario field: --set service.replicas=3 (repeatable)" };

    public Option<string?> Variant { get; } = new("--variant") { Description = "run this one of the file's variants" };

    public Option<bool> AllowLarge { get; } = new("--allow-large")
    {
        Description = "run even a scenario beyond the limits that keep a run within about a minute and a few GB " +
                      "(50 million requests, 5 million waiting at the end, 100,000 random faults, a 1 MiB file)",
    };

    public LoadOptions LoadOptions(ParseResult parse, bool withVariant = true) =>
        new(parse.GetValue(Seed), Sets(parse), withVariant ? parse.GetValue(Variant) : null) { AllowLarge = parse.GetValue(AllowLarge) };

    /// <summary>The <c>--set</c> values, each of the form PATH=VALUE (else bad usage: what a value does to the scenario is the loader's to judge).</summary>
    public string[] Sets(ParseResult parse)
    {
        var sets = parse.GetValue(Set) ?? [];
        foreach (var set in sets)
        {
            if (set.IndexOf('=', StringComparison.Ordinal) <= 0)
            {
                throw new UsageException($"--set {set}: expected PATH=VALUE, e.g. --set service.replicas=3");
            }
        }
        return sets;
    }

    /// <summary>The options on <paramref name="command"/>; <paramref name="defaultOut"/> names its default output folder in the help when it is not output/&lt;scenario-name&gt;/.</summary>
    public void AddTo(Command command, bool withVariant = true, bool withOut = true, string? defaultOut = null)
    {
        if (defaultOut is not null)
        {
            Out.Description = $"output folder (default: {defaultOut})";
        }
        if (withVariant)
        {
            command.Options.Add(Variant);
        }
        if (withOut)
        {
            command.Options.Add(Out);
        }
        command.Options.Add(Seed);
        command.Options.Add(Set);
        command.Options.Add(AllowLarge);
    }
}

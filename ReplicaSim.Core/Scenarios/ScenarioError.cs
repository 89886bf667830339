namespace ReplicaSim.Scenarios;

/// <summary>One problem in a scenario: where (file and line, or the --set that caused it), the JSON path, and what is wrong.</summary>
public sealed record ScenarioError(string Location, string Path, string Message)
{
    public override string ToString() => Path.Length == 0 ? $"{Location}: {Message}" : $"{Location}: {Path}: {Message}";
}

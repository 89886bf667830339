namespace ReplicaSim.Scenarios;

/// <summary>A scenario that cannot be run, with every problem found in it.</summary>
public sealed class ScenarioException(IReadOnlyList<ScenarioError> errors)
    : Exception(string.Join(Environment.NewLine, errors.Select(e => e.ToString())))
{
    public IReadOnlyList<ScenarioError> Errors { get; } = errors;
}

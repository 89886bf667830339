using ReplicaSim.Engine;

namespace ReplicaSim.Model;

/// <summary>One fault as it happened: when it struck, when its effect was over, what it did.</summary>
public sealed class Incident(int index, FaultKind kind, Instant start, string label)
{
    public int Index { get; } = index;
    public FaultKind Kind { get; } = kind;
    public Instant Start { get; } = start;
    public string Label { get; } = label;

    /// <summary>When the fault's own effect was over (replacement healthy, zone back, database serving); null while open.</summary>
    public Instant? End { get; internal set; }

    /// <summary>What it did, in plain words ("killed container-2 in az-b").</summary>
    public string Detail { get; internal set; } = "";

    /// <summary>Open work items (containers to become healthy, ...) before the incident ends.</summary>
    internal int Pending { get; set; }
}

namespace ReplicaSim.Engine;

/// <summary>A lane of one simulation's event queue, for events that all wait <see cref="Delay"/> (see <see cref="Simulation.Lane"/>).</summary>
public readonly record struct EventLane(int Index, Duration Delay);

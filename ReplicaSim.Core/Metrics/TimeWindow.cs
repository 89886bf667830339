using ReplicaSim.Engine;

namespace ReplicaSim.Metrics;

/// <summary>A stretch of simulated time with what caused it.</summary>
public sealed record TimeWindow(Instant Start, Instant End, string Cause, long Errors)
{
    public double Seconds => (End - Start).TotalSeconds;
}

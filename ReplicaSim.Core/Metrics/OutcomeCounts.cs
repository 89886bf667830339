using ReplicaSim.Model;

namespace ReplicaSim.Metrics;

/// <summary>Counts of the four outcomes.</summary>
public sealed record OutcomeCounts(long Ok, long Missing, long Stale, long Error)
{
    public long Total => Ok + Missing + Stale + Error;

    public long Violations => Missing + Stale;

    public long this[Outcome o] => o switch
    {
        Outcome.Ok => Ok,
        Outcome.Missing => Missing,
        Outcome.Stale => Stale,
        _ => Error,
    };

    public static OutcomeCounts From(long[] counts) => new(counts[0], counts[1], counts[2], counts[3]);
}

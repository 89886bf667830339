using ReplicaSim.Engine;

namespace ReplicaSim.Model;

/// <summary>One finished request, as observers and <c>history.jsonl</c> see it.</summary>
/// <remarks>
/// <see cref="Op"/> is what was performed: a read or update with no acknowledged record to act on becomes a create.
/// <see cref="Source"/> is the copy a read was served from, in <see cref="SourceZone"/>; <see cref="SourceUs"/> is how far
/// that copy was behind the writer (a replica or eventual copy) or when the cached entry was filled (the cache).
/// </remarks>
public readonly record struct RequestRecord(
    long Id,
    int Client,
    Operation Op,
    Operation RequestedOp,
    int Key,
    Instant Invoke,
    Instant Complete,
    int ContainerId,
    int Zone,
    Outcome Outcome,
    ErrorReason Reason,
    int Version,
    int ExpectedVersion,
    ReadSource Source = ReadSource.Primary,
    int SourceZone = -1,
    long SourceUs = 0)
{
    public Duration Latency => Complete - Invoke;

    public bool IsWrite => Op is Operation.Create or Operation.Update;
}

using ReplicaSim.Engine;

namespace ReplicaSim.Model;

/// <summary>One finished request, as observers and <c>history.jsonl</c> see it.</summary>
/// <remarks><see cref="Op"/> is what was performed: a read or update with no acknowledged record to act on becomes a create.</remarks>
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
    int ExpectedVersion)
{
    public Duration Latency => Complete - Invoke;

    public bool IsWrite => Op is Operation.Create or Operation.Update;
}

namespace ReplicaSim.Model;

/// <summary>
/// One stretch without a writer, in the parts applications live through: the failover (until a writer serves
/// again), the DNS TTL after it (new connections still go to the old address), and the backlog (until the
/// requests that piled up meanwhile have drained: no container has a request queued for a worker or a
/// connection attempt hanging). Times in microseconds; -1 while not yet reached.
/// </summary>
public sealed class WriterOutage(long downUs, string cause)
{
    public long DownUs { get; } = downUs;

    /// <summary>The fault behind it ("database-failure", "zone-outage of az-a", ...).</summary>
    public string Cause { get; } = cause;

    /// <summary>When a writer served again.</summary>
    public long UpUs { get; internal set; } = -1;

    /// <summary>When, after the DNS TTL had passed, every container's backlog had drained (measured only when the server's limits are modelled).</summary>
    public long DrainedUs { get; internal set; } = -1;
}

using ReplicaSim.Model;

namespace ReplicaSim.Metrics;

/// <summary>What the database did in a run: its kind and size, where reads were served, and how busy the writer was.</summary>
/// <remarks>
/// <see cref="CpuUtilisation"/> is the writer's query time (<c>storage.readTime</c> and <c>writeTime</c> of the
/// operations it served) over its vCPUs and the run: a measure of load. When the scenario models the server's
/// limits, <see cref="Limits"/> adds the measured CPU utilisation (<c>queryCpuTime</c> of the queries served),
/// connections and credits.
/// </remarks>
public sealed record DatabaseSummary(
    string Kind,
    string InstanceClass,
    int Vcpus,
    double MemoryGiB,
    int Readers,
    string ReadFrom,
    string Failover,
    long WriterReads,
    long ReplicaReads,
    long Writes,
    long CacheHits,
    long CacheMisses,
    double CpuUtilisation)
{
    /// <summary>The server's limits and how close the run came to them; null when they are not modelled.</summary>
    public DatabaseLimitsSummary? Limits { get; init; }

    public static DatabaseSummary From(ReplicaSystem system)
    {
        var st = system.Scenario.Storage;
        var store = system.Store;
        var instance = st.Design.HasInstance;
        var busy = store is null || !instance ? 0 : store.WriterBusyMicroseconds / (st.InstanceClass.Vcpus * (double)system.Scenario.Duration.Microseconds);
        return new DatabaseSummary(
            Names.Of(st.Kind),
            instance ? st.InstanceClass.Name : "",
            instance ? st.InstanceClass.Vcpus : 0,
            instance ? st.InstanceClass.MemoryGiB : 0,
            st.Design.IsServer ? st.Readers : 0,
            Names.Of(st.ReadFrom),
            instance ? Names.Of(st.Failover) : "",
            store is null ? 0 : store.DatabaseReads - store.ReplicaReads,
            store?.ReplicaReads ?? 0,
            store?.DatabaseWrites ?? 0,
            store?.Cache?.Hits ?? 0,
            store?.Cache?.Misses ?? 0,
            busy)
        {
            Limits = store?.Capacity is { } cap ? DatabaseLimitsSummary.From(system, cap) : null,
        };
    }
}

/// <summary>The database's limits in a run: CPU measured, connections, pool timeouts, refusals and credits.</summary>
/// <param name="CpuUtilisation">The writer's vCPUs busy with query CPU time, over its vCPUs and the run (null without <c>queryCpuTime</c>).</param>
/// <param name="MaxConnections">The server's connection limit (<c>storage.maxConnections</c>).</param>
/// <param name="PoolConnections">replicas x (pool size + maxOverflow): what the pools may open at most.</param>
/// <param name="PeakConnections">The most connections open at the server at once.</param>
/// <param name="PoolTimeouts">Requests that found no free pooled connection within the pool timeout.</param>
/// <param name="RefusedConnections">New connections the server refused at its limit.</param>
/// <param name="ConnectTimeouts">New connections to a writer that was gone (during a failover and for dnsTtl after), failed after connectTimeout.</param>
/// <param name="CreditMode"><c>standard</c> or <c>unlimited</c> for a burstable class, else empty.</param>
/// <param name="CreditBalance">The writer's CPU credits (vCPU-minutes) at the end; null when the class is not burstable or CPU is not modelled.</param>
/// <param name="CreditsExhaustedSeconds">When the writer's credits first ran out; null if they never did.</param>
public sealed record DatabaseLimitsSummary(
    double? CpuUtilisation,
    int MaxConnections,
    int PoolConnections,
    int PeakConnections,
    long PoolTimeouts,
    long RefusedConnections,
    long ConnectTimeouts,
    string CreditMode,
    double? CreditBalance,
    double? CreditsExhaustedSeconds)
{
    /// <summary>The pools may open more connections than the server accepts.</summary>
    public bool PoolsExceedLimit => PoolConnections > MaxConnections;

    public static DatabaseLimitsSummary From(ReplicaSystem system, DatabaseCapacity cap)
    {
        var s = system.Scenario;
        var st = s.Storage;
        var endUs = s.Duration.Microseconds;
        var burstable = cap.ModelsCpu && st.InstanceClass.Burstable;
        return new DatabaseLimitsSummary(
            cap.ModelsCpu ? cap.WriterCpuUs / (st.InstanceClass.Vcpus * (double)endUs) : null,
            cap.MaxConnections,
            s.Service.Replicas * cap.Pool.Max,
            cap.PeakConnections,
            cap.PoolTimeouts,
            cap.RefusedConnections,
            cap.ConnectTimeouts,
            st.InstanceClass.Burstable ? (st.CpuCredits.Standard ? "standard" : "unlimited") : "",
            burstable ? cap.WriterCredits(endUs) : null,
            cap.CreditsExhaustedAtUs >= 0 ? cap.CreditsExhaustedAtUs / 1e6 : null);
    }
}

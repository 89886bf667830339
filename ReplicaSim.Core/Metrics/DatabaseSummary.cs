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

    /// <summary>The writer's volume and how the commits fared at its IOPS; null when storage I/O is not modelled.</summary>
    public StorageIoSummary? StorageIo { get; init; }

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
            StorageIo = store?.Io is { } io ? StorageIoSummary.From(io, system.Scenario.Duration.Microseconds) : null,
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

/// <summary>The writer's volume in a run: its IOPS, the commits that waited for them, and gp2's I/O credits.</summary>
/// <param name="StorageType">gp2, gp3 or io1.</param>
/// <param name="AllocatedGiB">The volume's size.</param>
/// <param name="BaselineIops">What the volume sustains (gp2: 3 per GiB, at least 100).</param>
/// <param name="PeakIops">What it runs at while gp2's credits last (the baseline for the others).</param>
/// <param name="Writes">Commits that reached the volume (one write I/O each).</param>
/// <param name="WaitedWrites">Commits that found the volume at its IOPS and waited.</param>
/// <param name="MeanWaitMs">Their mean wait; 0 when none waited.</param>
/// <param name="MaxWaitMs">The longest wait.</param>
/// <param name="IoCreditBalance">gp2's I/O credits at the end; null for a type that does not burst.</param>
/// <param name="IoCreditsExhaustedSeconds">When gp2's credits first ran out; null if they never did.</param>
public sealed record StorageIoSummary(
    string StorageType,
    int AllocatedGiB,
    int BaselineIops,
    int PeakIops,
    long Writes,
    long WaitedWrites,
    double MeanWaitMs,
    double MaxWaitMs,
    double? IoCreditBalance,
    double? IoCreditsExhaustedSeconds)
{
    public static StorageIoSummary From(VolumeIo io, long endUs)
    {
        var v = io.Volume;
        return new StorageIoSummary(
            v.Name,
            v.AllocatedGiB,
            v.BaselineIops,
            v.PeakIops,
            io.Writes,
            io.WaitedWrites,
            io.WaitedWrites == 0 ? 0 : io.TotalWaitUs / 1000.0 / io.WaitedWrites,
            io.MaxWaitUs / 1000.0,
            v.Bursts ? io.Credits(endUs) : null,
            io.CreditsExhaustedAtUs >= 0 ? io.CreditsExhaustedAtUs / 1e6 : null);
    }
}

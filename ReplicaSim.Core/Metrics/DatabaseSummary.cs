using ReplicaSim.Engine;
using ReplicaSim.Model;

namespace ReplicaSim.Metrics;

/// <summary>What the database did in a run: its kind and size, where reads were served, and how busy the writer was.</summary>
/// <remarks>
/// For the SQLite kinds, which have no server, <see cref="WriterReads"/> and <see cref="Writes"/> are the reads the files
/// served and the commits made to them.
/// <see cref="CpuUtilisation"/> is the writer's query time (<c>storage.readTime</c> and <c>writeTime</c> of the
/// operations it served) over its vCPUs and the run: a measure of load; when the scenario models the CPU
/// (<c>queryCpuTime</c>) it is the measured one, as in <see cref="Limits"/>. When the scenario models the server's
/// limits, <see cref="Limits"/> adds connections and credits. After a <c>scale-database</c>, the instance class,
/// vCPUs and memory are those the database ends the run on (as the connection limit is), and <see cref="Resized"/>
/// says when it changed from what.
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

    /// <summary>The volume filling up (<c>storage.allocatedGiB</c>) and each time it grew; null when the volume is not modelled.</summary>
    public VolumeSpaceSummary? Volume { get; init; }

    /// <summary>Each writer outage in its parts (failover, DNS, backlog); empty unless the server's limits are modelled.</summary>
    public IReadOnlyList<DatabaseOutageSummary> Outages { get; init; } = [];

    /// <summary>Each change of instance class (<c>scale-database</c>), in time order; empty when it never changed.</summary>
    public IReadOnlyList<InstanceClassChange> Resized { get; init; } = [];

    public static DatabaseSummary From(ReplicaSystem system, Timeline? timeline = null)
    {
        var st = system.Scenario.Storage;
        var store = system.Store;
        var instance = st.Design.HasInstance;
        var classes = system.Database.Classes;
        var ic = instance ? classes[^1].Class : st.InstanceClass;
        var resized = new List<InstanceClassChange>();
        for (var i = 1; instance && i < classes.Count; i++)
        {
            resized.Add(new InstanceClassChange(classes[i].At.Microseconds / 1e6, classes[i - 1].Class.Name, classes[i].Class.Name,
                st.MaxConnectionsGiven ?? classes[i - 1].Class.DefaultMaxConnections, st.MaxConnectionsGiven ?? classes[i].Class.DefaultMaxConnections));
        }
        var busy = store is null || !instance ? 0 : store.WriterBusyMicroseconds / (st.InstanceClass.Vcpus * (double)system.Scenario.Duration.Microseconds);
        var limits = store?.Capacity is { } cap ? DatabaseLimitsSummary.From(system, cap) : null;
        if (limits?.CpuUtilisation is { } measured)
        {
            // The CPU is modelled (queryCpuTime): the utilisation is what the writer's vCPUs were measured busy.
            busy = measured;
        }
        return new DatabaseSummary(
            Names.Of(st.Kind),
            instance ? ic.Name : "",
            instance ? ic.Vcpus : 0,
            instance ? ic.MemoryGiB : 0,
            st.Design.IsServer ? st.Readers : 0,
            Names.Of(st.ReadFrom),
            instance ? Names.Of(st.Failover) : "",
            store is null ? system.FileReads : store.DatabaseReads - store.ReplicaReads,
            store?.ReplicaReads ?? 0,
            store?.DatabaseWrites ?? system.FileWrites,
            store?.Cache?.Hits ?? 0,
            store?.Cache?.Misses ?? 0,
            busy)
        {
            Limits = limits,
            StorageIo = store?.Io is { } io ? StorageIoSummary.From(io, system.Scenario.Duration.Microseconds) : null,
            Outages = store?.Capacity is not null ? DatabaseOutageSummary.Of(system, timeline) : [],
            Volume = system.Disk is { } disk ? VolumeSpaceSummary.From(disk, system.Scenario.Storage.Autoscaling) : null,
            Resized = resized,
        };
    }
}

/// <summary>One change of instance class: when, from and to which class, and the connection limit before and after.</summary>
public sealed record InstanceClassChange(double AtSeconds, string From, string To, int MaxConnectionsBefore, int MaxConnectionsAfter);

/// <summary>One growth of the volume: when, from and to what size, and who grew it.</summary>
public sealed record VolumeGrowth(Instant At, double FromGiB, double ToGiB, bool Autoscaling);

/// <summary>
/// The database's volume filling up in a run (<c>storage.allocatedGiB</c>, <c>workload.recordBytes</c> per created record):
/// its first and last size, the space used at the end, when free space first fell to 10 % and when it first filled, and
/// each growth (storage autoscaling, or someone after <c>storage.alertDelay</c>).
/// </summary>
public sealed record VolumeSpaceSummary(
    int InitialGiB,
    double AllocatedGiB,
    double UsedGiB,
    bool Autoscaling,
    Instant? LowAt,
    Instant? FullAt,
    IReadOnlyList<VolumeGrowth> Growths)
{
    public static VolumeSpaceSummary From(DiskSpace disk, bool autoscaling) => new(
        disk.InitialGiB,
        disk.AllocatedGiB,
        disk.UsedGiB,
        autoscaling,
        disk.FirstLow,
        disk.FirstFull,
        [.. disk.Grown.Select(g => new VolumeGrowth(g.At, g.FromGiB, g.ToGiB, g.Autoscaling))]);
}

/// <summary>The database's limits in a run: CPU measured, connections, pool timeouts, refusals and credits.</summary>
/// <param name="CpuUtilisation">The writer's vCPUs busy with query CPU time, over its vCPUs and the run (null without <c>queryCpuTime</c>).</param>
/// <param name="MaxConnections">The server's connection limit (<c>storage.maxConnections</c>).</param>
/// <param name="PoolConnections">replicas x (pool size + maxOverflow): what the pools may open at most.</param>
/// <param name="PeakConnections">The most connections open at the server at once.</param>
/// <param name="PoolTimeouts">Requests that found no free pooled connection within the pool timeout.</param>
/// <param name="RefusedConnections">New connections the server refused at its limit.</param>
/// <param name="ConnectTimeouts">New connections to a writer that was gone (during a failover and for dnsTtl after), failed after connectTimeout.</param>
/// <param name="ConnectionErrors">Requests that failed for want of a connection: pool timeouts, refused connections, connect timeouts, expired IAM tokens.</param>
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
    long ConnectionErrors,
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
            cap.ConnectionErrors,
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

/// <summary>One writer outage as applications lived through it, measured: its parts add up to <see cref="TotalSeconds"/>.</summary>
/// <param name="StartSeconds">When the writer was lost.</param>
/// <param name="Cause">The fault behind it.</param>
/// <param name="FailoverSeconds">Until a writer served again (failover, promotion, recovery or restore).</param>
/// <param name="DnsSeconds">The <c>dnsTtl</c> after that, while new connections still went to the old address (cut short if the backlog was gone sooner).</param>
/// <param name="BacklogSeconds">From the end of the DNS TTL until no container had a request queued or a connection attempt hanging.</param>
/// <param name="TotalSeconds">From the loss of the writer to the end of the backlog (to the end of the run if it was not over).</param>
/// <param name="Over">Whether the backlog drained within the run.</param>
/// <param name="P99LatencyMs">p99 latency of the requests that arrived during it (by timeline bucket); null without requests.</param>
/// <param name="Errors">Requests that arrived during it (by timeline bucket) and failed.</param>
public sealed record DatabaseOutageSummary(
    double StartSeconds,
    string Cause,
    double FailoverSeconds,
    double DnsSeconds,
    double BacklogSeconds,
    double TotalSeconds,
    bool Over,
    double? P99LatencyMs,
    long Errors)
{
    public static IReadOnlyList<DatabaseOutageSummary> Of(ReplicaSystem system, Timeline? timeline)
    {
        var endUs = system.Scenario.Duration.Microseconds;
        var dnsUs = system.Scenario.Storage.DnsTtl.Microseconds;
        var list = new List<DatabaseOutageSummary>();
        foreach (var o in system.Database.Outages)
        {
            var upUs = o.UpUs >= 0 ? o.UpUs : endUs;
            var over = o.DrainedUs >= 0;
            var drainedUs = over ? o.DrainedUs : endUs;
            var dnsEndUs = Math.Min(upUs + dnsUs, Math.Max(drainedUs, upUs));
            double? p99 = null;
            long errors = 0;
            if (timeline is { } t)
            {
                var from = t.BucketOf(new Engine.Instant(o.DownUs));
                var to = t.BucketOf(new Engine.Instant(Math.Max(o.DownUs, drainedUs - 1))) + 1;
                var q = t.LatencyQuantileMs(from, to, 0.99);
                p99 = double.IsNaN(q) ? null : q;
                for (var b = from; b < to; b++)
                {
                    errors += t.Outcomes(Outcome.Error)[b];
                }
            }
            list.Add(new DatabaseOutageSummary(
                o.DownUs / 1e6,
                o.Cause,
                (upUs - o.DownUs) / 1e6,
                (dnsEndUs - upUs) / 1e6,
                Math.Max(0, drainedUs - dnsEndUs) / 1e6,
                (Math.Max(drainedUs, upUs) - o.DownUs) / 1e6,
                over,
                p99,
                errors));
        }
        return list;
    }
}

using ReplicaSim.Model;

namespace ReplicaSim.Metrics;

/// <summary>What the database did in a run: its kind and size, where reads were served, and how busy the writer was.</summary>
/// <remarks>
/// <see cref="CpuUtilisation"/> is the writer's query time (<c>storage.readTime</c> and <c>writeTime</c> of the
/// operations it served) over its vCPUs and the run: a measure of load, not a limit (queries do not queue for
/// CPU yet). Connections are not modelled yet, so they are not reported.
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
            busy);
    }
}

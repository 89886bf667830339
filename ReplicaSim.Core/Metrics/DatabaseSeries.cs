using ReplicaSim.Model;

namespace ReplicaSim.Metrics;

/// <summary>
/// The database's limits over time, one value per timeline bucket, kept only when the scenario models them:
/// the writer's CPU busy, the most connections open, the CPU credit balance and gp2's I/O credit balance.
/// </summary>
public sealed class DatabaseSeries
{
    internal DatabaseSeries(int count, bool cpu, bool cpuCredits, bool ioCredits, bool volume = false)
    {
        VolumeUsedGiB = volume ? new double[count] : null;
        VolumeAllocatedGiB = volume ? new double[count] : null;
        CpuBusy = cpu ? new double[count] : null;
        Connections = new int[count];
        CpuCredits = cpuCredits ? new double[count] : null;
        IoCredits = ioCredits ? new double[count] : null;
    }

    /// <summary>The writer's vCPUs busy with query CPU time over the bucket, a fraction (null without <c>queryCpuTime</c>).</summary>
    public double[]? CpuBusy { get; }

    /// <summary>The most connections open at the server at once during the bucket (0 when connections are not modelled).</summary>
    public int[] Connections { get; }

    /// <summary>The writer's CPU credits (vCPU-minutes) at the end of the bucket; null unless the class is burstable and CPU is modelled.</summary>
    public double[]? CpuCredits { get; }

    /// <summary>gp2's I/O credits at the end of the bucket; null unless the volume bursts.</summary>
    public double[]? IoCredits { get; }

    /// <summary>The space the volume's records take at the end of the bucket (GiB); null unless the volume fills (<c>storage.allocatedGiB</c>).</summary>
    public double[]? VolumeUsedGiB { get; }

    /// <summary>The volume's size at the end of the bucket (GiB; it grows); null unless the volume fills.</summary>
    public double[]? VolumeAllocatedGiB { get; }

    /// <summary>The series a run needs, or null when neither the server's limits, storage I/O nor a filling volume are modelled.</summary>
    internal static DatabaseSeries? For(ReplicaSystem system, int count)
    {
        var store = system.Store;
        var cap = store?.Capacity;
        var io = store?.Io;
        if (cap is null && io is null && system.Disk is null)
        {
            return null;
        }
        var st = system.Scenario.Storage;
        return new DatabaseSeries(count, cap is { ModelsCpu: true }, cap is { ModelsCpu: true } && st.InstanceClass.Burstable, io is { Volume.Bursts: true }, system.Disk is not null);
    }

    internal void Sample(int bucket, ReplicaSystem system, Timeline timeline)
    {
        var nowUs = system.Sim.Now.Microseconds;
        if (system.Store?.Capacity is { } cap)
        {
            Connections[bucket] = cap.TakePeakConnections();
            if (CpuBusy is { } busy)
            {
                var start = timeline.StartSeconds(bucket) * 1e6;
                var length = Math.Min(timeline.StartSeconds(bucket + 1) * 1e6, system.Scenario.Duration.Microseconds) - start;
                busy[bucket] = length <= 0 ? 0 : cap.WriterBusyInBucket(bucket) / (system.Scenario.Storage.InstanceClass.Vcpus * length);
            }
            if (CpuCredits is { } credits)
            {
                credits[bucket] = cap.WriterCredits(nowUs);
            }
        }
        if (IoCredits is { } io && system.Store?.Io is { } volume)
        {
            io[bucket] = volume.Credits(nowUs);
        }
        if (VolumeUsedGiB is { } used && VolumeAllocatedGiB is { } allocated && system.Disk is { } disk)
        {
            used[bucket] = disk.UsedGiB;
            allocated[bucket] = disk.AllocatedGiB;
        }
    }
}

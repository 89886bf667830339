using ReplicaSim.Model;

namespace ReplicaSim.Metrics;

/// <summary>A monthly cost with its parts.</summary>
public sealed record CostEstimate(double MonthlyUsd, IReadOnlyList<(string Item, double Usd)> Items);

/// <summary>Requests the database served in a run, for per-request prices scaled to a month.</summary>
public sealed record StoreTraffic(long Reads, long Writes, double SimulatedSeconds)
{
    public static readonly StoreTraffic None = new(0, 0, 0);

    /// <summary>CPU time the database's instances used (vCPU-seconds), when CPU is modelled (<c>storage.queryCpuTime</c>).</summary>
    public double CpuSeconds { get; init; }

    /// <summary>Instances whose CPU was modelled (the writer and its readers).</summary>
    public int Instances { get; init; }

    /// <summary>AWS bills a month as 730 hours.</summary>
    public const double SecondsPerMonth = 730 * 3600.0;

    public double ReadsPerMonthMillions => SimulatedSeconds <= 0 ? 0 : Reads / SimulatedSeconds * SecondsPerMonth / 1e6;

    public double WritesPerMonthMillions => SimulatedSeconds <= 0 ? 0 : Writes / SimulatedSeconds * SecondsPerMonth / 1e6;
}

/// <summary>Monthly cost of an architecture from the scenario's price table (<c>cost</c>), per kind.</summary>
/// <remarks>
/// Instance kinds pay instance-hours for every instance (writer, standby, readers) and their storage; Aurora and
/// DocumentDB pay the cluster volume per GB-month and I/O per million requests (an assumption: one I/O per
/// database request); DynamoDB pays per million reads and writes, scaled from the simulated traffic to a month;
/// a cache pays per node. Data transfer between zones is not priced (no figure in FACTS.md).
/// </remarks>
public static class CostModel
{
    public static CostEstimate Estimate(Scenario s) => Estimate(s, StoreTraffic.None);

    public static CostEstimate Estimate(Scenario s, StoreTraffic traffic)
    {
        var c = s.Cost;
        var st = s.Storage;
        var items = new List<(string, double)>();
        var readers = st.Readers;
        switch (st.Kind)
        {
            case StorageKind.Shared:
                items.Add(("database instance", c.DatabaseInstancePerMonth));
                items.Add(("database storage", c.DatabaseStoragePerMonth));
                if (st.Standby)
                {
                    items.Add(("Multi-AZ standby", c.MultiAzExtraPerMonth));
                }
                if (readers > 0)
                {
                    items.Add(($"{readers} read replica{Plural(readers)} (instance and storage)", readers * (c.DatabaseInstancePerMonth + c.DatabaseStoragePerMonth)));
                }
                break;
            case StorageKind.RdsMultiAzCluster:
                items.Add(("3 database instances (writer and 2 readable standbys)", 3 * c.DatabaseInstancePerMonth));
                items.Add(("database storage (3 copies)", 3 * c.DatabaseStoragePerMonth));
                break;
            case StorageKind.Aurora:
            case StorageKind.DocumentDb:
                items.Add((readers > 0 ? $"{1 + readers} instances (writer and {readers} reader{Plural(readers)})" : "writer instance", (1 + readers) * c.DatabaseInstancePerMonth));
                items.Add(("cluster volume storage", c.StorageGb * c.AuroraStoragePerGbMonth));
                items.Add(("I/O requests", (traffic.ReadsPerMonthMillions + traffic.WritesPerMonthMillions) * c.AuroraIoPerMillion));
                break;
            case StorageKind.DynamoDb:
                items.Add(("write requests", traffic.WritesPerMonthMillions * c.DynamoDbWritePerMillion));
                items.Add((st.ConsistentReads ? "strongly consistent read requests" : "eventually consistent read requests",
                    traffic.ReadsPerMonthMillions * c.DynamoDbReadPerMillion * (st.ConsistentReads ? 2 : 1)));
                items.Add(("table storage", c.StorageGb * c.DynamoDbStoragePerGbMonth));
                break;
            case StorageKind.Ec2PostgreSql:
                items.Add((readers > 0 ? $"{1 + readers} EC2 instances (primary and {readers} streaming replica{Plural(readers)})" : "EC2 instance", (1 + readers) * c.Ec2InstancePerMonth));
                items.Add(("EBS volumes", (1 + readers) * c.StorageGb * c.EbsPerGbMonth));
                break;
            case StorageKind.SqliteSharedFile:
                items.Add(("network filesystem", c.SharedFilesystemPerMonth));
                break;
            default:
                items.Add(("SQLite files (in the containers)", 0));
                break;
        }
        var ic = st.InstanceClass;
        if (st.Design.HasInstance && ic.Burstable && !st.CpuCredits.Standard && traffic.CpuSeconds > 0 && traffic.SimulatedSeconds > 0)
        {
            // Unlimited mode bills the CPU used beyond the baseline, scaled from the run to a month.
            var surplus = traffic.CpuSeconds - (ic.BaselinePerVcpu * ic.Vcpus * traffic.Instances * traffic.SimulatedSeconds);
            var vcpuHoursPerMonth = Math.Max(0, surplus) / traffic.SimulatedSeconds * StoreTraffic.SecondsPerMonth / 3600;
            items.Add(("CPU credits beyond the baseline (unlimited mode)", vcpuHoursPerMonth * CpuCreditsConfig.SurplusUsdPerVcpuHour));
        }
        if (s.Cache is { } cache)
        {
            items.Add(($"cache nodes ({1 + cache.Replicas})", (1 + cache.Replicas) * c.CacheNodePerMonth));
        }
        if (c.ContainerPerMonth > 0)
        {
            items.Add(($"{s.Service.Replicas} containers", c.ContainerPerMonth * s.Service.Replicas));
        }
        return new CostEstimate(items.Sum(i => i.Item2), items);
    }

    private static string Plural(int n) => n == 1 ? "" : "s";
}

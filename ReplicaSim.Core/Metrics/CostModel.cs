using ReplicaSim.Engine;
using ReplicaSim.Model;

namespace ReplicaSim.Metrics;

/// <summary>A monthly cost with its parts.</summary>
public sealed record CostEstimate(double MonthlyUsd, IReadOnlyList<(string Item, double Usd)> Items)
{
    /// <summary>The team's time, when the run counts it (<see cref="Scenario.CountsOperations"/>); else null.</summary>
    public OperationsEstimate? Operations { get; init; }

    /// <summary>Infrastructure + operations.</summary>
    public double TotalUsd => MonthlyUsd + (Operations?.Usd ?? 0);
}

/// <summary>
/// The team's hours in a month: the kind's routine chores (<see cref="OperationsProfile"/>) plus the hours spent on
/// the incidents of the run that people, not the service, handled; priced at <c>cost.operatorHourlyUsd</c>.
/// </summary>
/// <remarks>
/// Incident hours are counted as they happened in a run of up to a month (730 h): they are that month's (a fault injected
/// in a short run is not a monthly rate). A longer run spreads them over its months (<see cref="Months"/>), so that
/// a year of patch reboots counts a twelfth of their hours each month.
/// </remarks>
public sealed record OperationsEstimate(OperationsProfile Profile, IReadOnlyList<(string Incident, double Hours)> Incidents, double HourlyUsd)
{
    /// <summary>The run's length in months of 730 h, at least 1.</summary>
    public double Months { get; init; } = 1;

    public double RoutineHours => Profile.HoursPerMonth;

    /// <summary>The hours of the run's incidents, in all.</summary>
    public double IncidentHours => Incidents.Sum(i => i.Hours);

    /// <summary>The incidents' hours per month: all of them in a run of up to a month, spread over a longer run's months.</summary>
    public double IncidentHoursPerMonth => IncidentHours / Months;

    public double HoursPerMonth => RoutineHours + IncidentHoursPerMonth;

    public double Usd => HoursPerMonth * HourlyUsd;

    /// <summary>How many months a run of <paramref name="seconds"/> counts for: its length over 730 h, at least 1.</summary>
    public static double MonthsOf(double seconds) => Math.Max(1, seconds / StoreTraffic.SecondsPerMonth);
}

/// <summary>Requests the database served in a run, for per-request prices scaled to a month.</summary>
public sealed record StoreTraffic(long Reads, long Writes, double SimulatedSeconds)
{
    public static readonly StoreTraffic None = new(0, 0, 0);

    /// <summary>CPU time the database's instances used (vCPU-seconds), when CPU is modelled (<c>storage.queryCpuTime</c>).</summary>
    public double CpuSeconds { get; init; }

    /// <summary>Instances whose CPU was modelled (the writer and its readers).</summary>
    public int Instances { get; init; }

    /// <summary>The instance price over the run relative to the first class's (scale-database changes it); 1 when unchanged.</summary>
    public double InstancePriceFactor { get; init; } = 1;

    /// <summary>The volume's size over the run relative to its first size (a full disk grown); 1 when unchanged.</summary>
    public double StoragePriceFactor { get; init; } = 1;

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
        if (traffic.InstancePriceFactor != 1 && items.Count > 0 && st.Design.HasInstance)
        {
            // The instance items (not storage) scale with the classes the run went through, weighted by time.
            var instances = items.Where(i => IsInstanceItem(i.Item1)).Sum(i => i.Item2);
            items.Add(("instance class changes (scale-database), weighted by time", instances * (traffic.InstancePriceFactor - 1)));
        }
        if (traffic.StoragePriceFactor != 1 && st.Design.HasInstance)
        {
            // The volumes grew (storage autoscaling, or someone after the disk filled): storage is paid by size and time.
            var storage = items.Where(i => i.Item1.StartsWith("database storage", StringComparison.Ordinal) || i.Item1.StartsWith("EBS", StringComparison.Ordinal)).Sum(i => i.Item2);
            items.Add(("volume growth (a filling disk grown), weighted by time", storage * (traffic.StoragePriceFactor - 1)));
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

    /// <summary>The team's hours and their price, for a run that counts them.</summary>
    public static OperationsEstimate Operations(Scenario s, IReadOnlyList<Incident> incidents, Instant end)
    {
        var list = new List<(string, double)>();
        foreach (var i in incidents)
        {
            double hours;
            if (i.Kind == FaultKind.DiskFull)
            {
                hours = s.Storage.Autoscaling ? 0 : OperationsProfile.DiskFullFixHours;
            }
            else if (OperationsProfile.ByHand(i.Kind, s.Storage))
            {
                hours = ((i.End ?? end) - i.Start).TotalSeconds / 3600;
            }
            else
            {
                continue;
            }
            if (hours > 0)
            {
                list.Add(($"{i.Label} at {i.Start}", hours));
            }
        }
        return new OperationsEstimate(OperationsProfile.Of(s.Storage.Kind), list, s.Cost.OperatorHourlyUsd)
        {
            Months = OperationsEstimate.MonthsOf(s.Duration.TotalSeconds),
        };
    }

    /// <summary>The items that pay for instances (writer, standby, readers), which a class change reprices.</summary>
    private static bool IsInstanceItem(string item) =>
        item is "database instance" or "Multi-AZ standby" or "writer instance" or "EC2 instance"
        || item.Contains("read replica", StringComparison.Ordinal) || item.Contains("instances (", StringComparison.Ordinal);

    private static string Plural(int n) => n == 1 ? "" : "s";
}

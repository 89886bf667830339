using ReplicaSim.Engine;
using ReplicaSim.Model;

namespace ReplicaSim.Scenarios;

/// <summary>
/// What a field left out of a scenario file means. Documented figures come from ../shared/FACTS.md
/// (AWS and sqlite.org documentation); the rest are assumptions, named as such in the README.
/// </summary>
public static class Defaults
{
    public static readonly Duration Duration = Duration.FromSeconds(600);

    /// <summary>The longest run, in days: a leap year, so that a year of random faults fits.</summary>
    public const int MaxDurationDays = 366;
    public const long Seed = 1;
    public static readonly IReadOnlyList<string> Zones = ["az-a", "az-b"];

    // ALB target group health checks and deregistration delay (documented).
    public static readonly Duration HealthInterval = Duration.FromSeconds(30);
    public static readonly Duration HealthTimeout = Duration.FromSeconds(5);
    public const int HealthyThreshold = 5;
    public const int UnhealthyThreshold = 2;
    public static readonly Duration DeregistrationDelay = Duration.FromSeconds(300);
    public const LoadBalancerPolicy Policy = LoadBalancerPolicy.RoundRobin;

    // The service (ECS): deployment limits documented; times are assumptions.
    public const int Replicas = 2;
    public const int Workers = 4;
    public static DurationDistribution ServiceTime => new LogNormalDistribution(0.020, 0.200);
    public static DurationDistribution StartupTime => new ConstantDistribution(Duration.FromSeconds(30));
    public static DurationDistribution ReplaceDelay => new ConstantDistribution(Duration.FromSeconds(10));
    public static readonly Duration RequestTimeout = Duration.FromSeconds(60);
    public const int MinimumHealthyPercent = 100;
    public const int MaximumPercent = 200;

    // Storage: failover (60-120 s) and the 5-minute log upload are documented; recovery and I/O times are assumptions.
    public const StorageKind Kind = StorageKind.SqlitePerContainer;
    public static DurationDistribution FailoverTime => new UniformDistribution(60, 120);
    public static DurationDistribution RecoveryTime => new ConstantDistribution(Duration.FromSeconds(900));
    public static readonly Duration BackupInterval = Duration.FromSeconds(300);
    public static readonly Duration BusyTimeout = Duration.FromSeconds(5);

    /// <summary>Each kind's read and write times, failover, recovery, backups and lag: its row of <see cref="StoragePresets"/>.</summary>
    public static DurationDistribution ReadTime(StorageKind kind) => StoragePresets.Of(kind).ReadTime;

    public static DurationDistribution WriteTime(StorageKind kind) => StoragePresets.Of(kind).WriteTime;

    // ElastiCache, cache-aside (assumptions: no default TTL is documented; sub-millisecond lookups; failover and node replacement times).
    public static readonly Duration CacheTtl = Duration.FromSeconds(300);
    public const bool CacheInvalidateOnWrite = true;
    public static DurationDistribution CacheReadTime => new ConstantDistribution(Duration.FromMilliseconds(0.2));
    public static DurationDistribution CacheFailoverTime => new ConstantDistribution(Duration.FromSeconds(30));
    public static DurationDistribution CacheReplaceTime => new ConstantDistribution(Duration.FromSeconds(300));

    // Network (assumptions: same-zone hops well under a millisecond).
    public static DurationDistribution ToContainer => new ConstantDistribution(Duration.FromMilliseconds(0.5));
    public static DurationDistribution ToDatabase => new ConstantDistribution(Duration.FromMilliseconds(0.5));
    public static DurationDistribution CrossZone => new ConstantDistribution(Duration.FromMilliseconds(0.5));

    // Workload (assumptions).
    public const double ArrivalRate = 20;
    public const int Clients = 200;
    public static readonly OperationMix Mix = new(Create: 0.2, ReadOwn: 0.4, ReadAny: 0.3, Update: 0.1);

    // Monthly prices: the lesson's figures; the network filesystem is an assumption (20 GB at ~$0.30/GB-month).
    public static readonly CostConfig Cost = new(
        DatabaseInstancePerMonth: 12, DatabaseStoragePerMonth: 2, MultiAzExtraPerMonth: 12, SharedFilesystemPerMonth: 6, ContainerPerMonth: 0);

    /// <summary>A timeline bucket giving at most about 600 rows.</summary>
    public static Duration TimelineBucket(Duration simulated)
    {
        long[] seconds = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];
        foreach (var s in seconds)
        {
            if (simulated.Microseconds / (s * Duration.MicrosecondsPerSecond) <= 600)
            {
                return Duration.FromSeconds(s);
            }
        }
        return Duration.FromSeconds(86400);
    }
}

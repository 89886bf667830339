using ReplicaSim.Engine;

namespace ReplicaSim.Model;

/// <summary>A validated, immutable scenario: everything one run needs. Built by <c>Scenarios.ScenarioLoader</c>.</summary>
public sealed record Scenario
{
    public required string Name { get; init; }
    public required string Description { get; init; }
    public required long Seed { get; init; }
    public required Duration Duration { get; init; }
    public required IReadOnlyList<string> Zones { get; init; }
    public required LoadBalancerConfig LoadBalancer { get; init; }
    public required ServiceConfig Service { get; init; }
    public required StorageConfig Storage { get; init; }
    public required NetworkConfig Network { get; init; }
    public required WorkloadConfig Workload { get; init; }
    public required IReadOnlyList<FaultSpec> Faults { get; init; }
    public required CostConfig Cost { get; init; }

    /// <summary><c>cache</c>: ElastiCache in front of the store, or null.</summary>
    public CacheConfig? Cache { get; init; }

    /// <summary>Width of one row of <c>timeline.csv</c>.</summary>
    public required Duration TimelineBucket { get; init; }

    /// <summary>The question the scenario answers, for the scenario library.</summary>
    public string Question { get; init; } = "";

    /// <summary><c>workload.warmUp</c>: requests arriving before this are left out of the request statistics.</summary>
    public Duration WarmUp { get; init; } = Duration.Zero;

    /// <summary>The figure that answers <see cref="Question"/>, if the scenario names one.</summary>
    public AnswerSpec? Answer { get; init; }

    /// <summary><c>policy</c>: the availability, RTO and RPO targets <c>assess</c> checks, or null.</summary>
    public ResiliencyPolicy? Policy { get; init; }

    /// <summary>Name of the variant this scenario was built from, or empty.</summary>
    public string Variant { get; init; } = "";

    /// <summary>
    /// Whether the run counts operator hours and the total cost: the scenario names <c>cost.operatorHourlyUsd</c>,
    /// <c>storage.allocatedGiB</c>, <c>storage.iamAuth</c> or one of the operations faults. Runs that do not keep
    /// their outputs as they were.
    /// </summary>
    public bool CountsOperations { get; init; }
}

/// <summary><c>loadBalancer</c>: routing policy and health checks (defaults: the ALB's).</summary>
public sealed record LoadBalancerConfig(LoadBalancerPolicy Policy, HealthCheckConfig HealthCheck, Duration DeregistrationDelay);

/// <summary><c>loadBalancer.healthCheck</c>.</summary>
public sealed record HealthCheckConfig(Duration Interval, Duration Timeout, int HealthyThreshold, int UnhealthyThreshold);

/// <summary><c>service</c>: the container replicas.</summary>
public sealed record ServiceConfig(
    int Replicas,
    int Workers,
    DurationDistribution ServiceTime,
    DurationDistribution StartupTime,
    DurationDistribution ReplaceDelay,
    Duration RequestTimeout,
    int MinimumHealthyPercent,
    int MaximumPercent);

/// <summary><c>storage</c>: where the data lives and how it fails over.</summary>
public sealed record StorageConfig(
    StorageKind Kind,
    DurationDistribution ReadTime,
    DurationDistribution WriteTime,
    int PrimaryZone,
    bool Standby,
    DurationDistribution FailoverTime,
    DurationDistribution RecoveryTime,
    Duration BackupInterval,
    Duration BusyTimeout)
{
    /// <summary>The kind's mechanisms (<see cref="StoragePresets"/>).</summary>
    public StorageDesign Design { get; init; } = StoragePresets.Of(Kind);

    /// <summary><c>storage.instanceClass</c>: the instance's size and price.</summary>
    public InstanceClass InstanceClass { get; init; } = InstanceClass.Default;

    /// <summary><c>storage.readReplicas</c>: asynchronous readers added to the kind's own.</summary>
    public int ReadReplicas { get; init; }

    /// <summary>Readable copies in all: the kind's built-in ones (a Multi-AZ DB cluster's standbys) or <see cref="ReadReplicas"/>.</summary>
    public int Readers => Design.BuiltInReaders > 0 ? Design.BuiltInReaders : ReadReplicas;

    public ReadFrom ReadFrom { get; init; } = ReadFrom.Primary;

    /// <summary><c>storage.replicaLag</c>: how long after a commit an asynchronous copy has it.</summary>
    public DurationDistribution ReplicaLag { get; init; } = StoragePresets.Of(Kind).ReplicaLag;

    /// <summary><c>storage.consistentReads</c> (DynamoDB): every read sees the newest committed version.</summary>
    public bool ConsistentReads { get; init; }

    public FailoverMode Failover { get; init; } = StoragePresets.Of(Kind).Failover;

    /// <summary><c>storage.queryCpuTime</c>: database CPU time of one query; null leaves CPU capacity unmodelled (a pure delay).</summary>
    public DurationDistribution? QueryCpuTime { get; init; }

    /// <summary><c>storage.maxConnections</c> when given; else the instance class's default.</summary>
    public int? MaxConnectionsGiven { get; init; }

    /// <summary><c>storage.pool</c> when given; else SQLAlchemy's defaults once limits are modelled.</summary>
    public PoolConfig? PoolGiven { get; init; }

    /// <summary><c>storage.cpuCredits</c>: how a burstable instance spends CPU credits.</summary>
    public CpuCreditsConfig CpuCredits { get; init; } = CpuCreditsConfig.Default;

    /// <summary>
    /// The database is a server with limits (CPU, connections) when the scenario names any of
    /// <c>queryCpuTime</c>, <c>maxConnections</c>, <c>pool</c>; otherwise it is the pure delay it always was.
    /// </summary>
    public bool HasLimits => Design.HasInstance &&
        (QueryCpuTime is not null || MaxConnectionsGiven is not null || PoolGiven is not null || ConnectTimeoutGiven is not null || DnsTtlGiven is not null
         || ConnectionsMatter);

    /// <summary>The scenario has a fault that acts on new connections (security-group-change, iam-token-expiry): pools are modelled.</summary>
    public bool ConnectionsMatter { get; init; }

    /// <summary><c>storage.allocatedGiB</c> when given: the volume's size; the volume fills (<see cref="DiskSpace"/>) only when it is given.</summary>
    public int? AllocatedGiBGiven { get; init; }

    /// <summary><c>storage.autoscaling</c>: RDS storage autoscaling (true by default on the RDS kinds; EC2 has none).</summary>
    public bool Autoscaling { get; init; }

    /// <summary><c>storage.alertDelay</c>: how long until an operator acts on a full volume (an assumption: 30 min).</summary>
    public Duration AlertDelay { get; init; } = Duration.FromSeconds(1800);

    /// <summary><c>storage.iamAuth</c>: the containers connect with IAM authentication tokens (valid 15 min).</summary>
    public bool IamAuth { get; init; }

    /// <summary><c>storage.connectTimeout</c> when given: how long a connection attempt to a host that is gone waits.</summary>
    public Duration? ConnectTimeoutGiven { get; init; }

    /// <summary><c>storage.dnsTtl</c> when given: how long containers keep resolving the old primary after a failover.</summary>
    public Duration? DnsTtlGiven { get; init; }

    /// <summary>Default: the operating system's TCP give-up, about 127 s (libpq's connect_timeout 0 waits for it; Linux tcp(7)).</summary>
    public Duration ConnectTimeout => ConnectTimeoutGiven ?? Duration.FromSeconds(127);

    /// <summary>Default 5 s: the TTL documented for Aurora's endpoints (an assumption for the other kinds).</summary>
    public Duration DnsTtl => DnsTtlGiven ?? Duration.FromSeconds(5);

    public int MaxConnections => MaxConnectionsGiven ?? InstanceClass.DefaultMaxConnections;

    public PoolConfig Pool => PoolGiven ?? PoolConfig.SqlAlchemy;

    /// <summary><c>storage.storageType</c> (with <c>iops</c>): the writer's volume and its IOPS; null leaves storage I/O unmodelled.</summary>
    public StorageVolume? Volume { get; init; }

    /// <summary>Reads that may see a copy behind the writer: from readers, or DynamoDB's eventually consistent reads.</summary>
    public bool LaggingReads => (ReadFrom == ReadFrom.Replicas && Readers > 0) || (Design.EventualReads && !ConsistentReads);
}

/// <summary><c>cache</c>: ElastiCache in front of the store, cache-aside.</summary>
/// <param name="Ttl">How long a cached copy is served.</param>
/// <param name="InvalidateOnWrite">A committed write deletes the cached copy.</param>
/// <param name="Replicas">Replica nodes; one takes over when the primary node fails, so the contents survive.</param>
/// <param name="ReadTime">Time of one cache lookup at the node.</param>
/// <param name="FailoverTime">Time until a replica node serves after the primary node fails.</param>
/// <param name="ReplaceTime">Time until a new empty node serves when there is no replica.</param>
public sealed record CacheConfig(Duration Ttl, bool InvalidateOnWrite, int Replicas, DurationDistribution ReadTime,
    DurationDistribution FailoverTime, DurationDistribution ReplaceTime);

/// <summary>A database instance class: vCPUs, memory, the lesson's monthly price and, for burstable classes, the CPU baseline per vCPU.</summary>
public sealed record InstanceClass(string Name, int Vcpus, double MemoryGiB, double MonthlyUsd, double BaselinePerVcpu = 1.0)
{
    /// <summary>RDS PostgreSQL's max_connections: LEAST(DBInstanceClassMemory / 9,531,392, 5,000) (FACTS.md, "connection limit").</summary>
    public int DefaultMaxConnections => (int)Math.Min(5000, Math.Floor(MemoryGiB * 1024 * 1024 * 1024 / 9_531_392));

    /// <summary>A T-class instance: below 100 % baseline, it earns and spends CPU credits.</summary>
    public bool Burstable => BaselinePerVcpu < 1.0;

    /// <summary>CPU credits (vCPU-minutes) earned per hour: baseline x vCPUs x 60.</summary>
    public double CreditsPerHour => BaselinePerVcpu * Vcpus * 60;

    /// <summary>The most credits it can hold: 24 hours of earnings (EC2 User Guide, burstable-performance-instances).</summary>
    public double MaxCredits => CreditsPerHour * 24;

    /// <summary>The lesson's four classes (../shared/FACTS.md, "instance classes (lesson)").</summary>
    public static readonly IReadOnlyList<InstanceClass> Lesson =
    [
        new("db.t3.micro", 2, 1, 12, 0.10),
        new("db.t3.small", 2, 2, 25, 0.20),
        new("db.t3.medium", 2, 4, 50, 0.20),
        new("db.r6g.large", 2, 16, 100),
    ];

    /// <summary>
    /// The classes a scenario may name: the lesson's four, then larger sizes of the same two families. Their vCPUs,
    /// memory and T3 baselines (30 % for large, 40 % for xlarge and 2xlarge) are AWS's (RDS and EC2 instance types);
    /// their prices are an assumption: the lesson's own pattern, each size up twice the price of the one below it
    /// (micro $12, small $25, medium $50, so large $100, xlarge $200, 2xlarge $400; r6g.large $100, so xlarge $200 and
    /// 2xlarge $400). Give the scenario's <c>cost.databaseInstancePerMonth</c> for a price of your own.
    /// </summary>
    public static readonly IReadOnlyList<InstanceClass> Known =
    [
        .. Lesson,
        new("db.t3.large", 2, 8, 100, 0.30),
        new("db.t3.xlarge", 4, 16, 200, 0.40),
        new("db.t3.2xlarge", 8, 32, 400, 0.40),
        new("db.r6g.xlarge", 4, 32, 200),
        new("db.r6g.2xlarge", 8, 64, 400),
    ];

    public static InstanceClass Default => Lesson[0];

    /// <summary>
    /// The monthly price of the equivalent EC2 instance (for <c>ec2-postgresql</c>): EC2's t3.micro price scaled by
    /// this class's price over db.t3.micro's (the lesson's RDS ratios: 1, 2.1, 4.2, 8.3). An assumption: FACTS.md
    /// gives EC2's t3.micro only, and RDS's hourly t3 prices (doubling with each size) as the pattern.
    /// </summary>
    public double Ec2EquivalentMonthlyUsd(double ec2MicroMonthlyUsd) => ec2MicroMonthlyUsd * (MonthlyUsd / Default.MonthlyUsd);
}

/// <summary><c>storage.pool</c>: one container's connection pool (SQLAlchemy's QueuePool).</summary>
/// <param name="Size">Connections kept open.</param>
/// <param name="MaxOverflow">Extra connections opened under load and closed when returned.</param>
/// <param name="Timeout">How long a request waits for a free connection before it fails.</param>
public sealed record PoolConfig(int Size, int MaxOverflow, Duration Timeout)
{
    /// <summary>pool_size 5, max_overflow 10, pool_timeout 30 s (FACTS.md, "application connection pool").</summary>
    public static readonly PoolConfig SqlAlchemy = new(5, 10, Duration.FromSeconds(30));

    public int Max => Size + MaxOverflow;
}

/// <summary><c>storage.cpuCredits</c>: the mode of a burstable instance and its balance at the start.</summary>
/// <param name="Standard">true: the CPU falls to its baseline when credits run out; false (unlimited, the RDS default): full speed, the surplus is billed.</param>
/// <param name="InitialCredits">Credits (vCPU-minutes) at the start; null: a full balance (an assumption: the instance had been idle a day).</param>
public sealed record CpuCreditsConfig(bool Standard, double? InitialCredits)
{
    public static readonly CpuCreditsConfig Default = new(false, null);

    /// <summary>Surplus credits in unlimited mode: about $0.075 per vCPU-hour (FACTS.md, "burstable CPU").</summary>
    public const double SurplusUsdPerVcpuHour = 0.075;
}

/// <summary><c>network</c>: one-way delays.</summary>
public sealed record NetworkConfig(DurationDistribution ToContainer, DurationDistribution ToDatabase, DurationDistribution CrossZone);

/// <summary><c>workload</c>: Poisson arrivals from a number of clients, with an operation mix.</summary>
public sealed record WorkloadConfig(double ArrivalRatePerSecond, int Clients, OperationMix Mix)
{
    /// <summary><c>workload.recordBytes</c>: bytes one created record takes on the database's volume (an assumption: 2 KiB with its indexes).</summary>
    public long RecordBytes { get; init; } = 2048;
}

/// <summary>The weights of <c>workload.mix</c>.</summary>
public sealed record OperationMix(double Create, double ReadOwn, double ReadAny, double Update)
{
    public double Total => Create + ReadOwn + ReadAny + Update;

    public double Weight(Operation op) => op switch
    {
        Operation.Create => Create,
        Operation.ReadOwn => ReadOwn,
        Operation.ReadAny => ReadAny,
        _ => Update,
    };
}

/// <summary>One entry of <c>faults[]</c>: timed (<see cref="At"/>) or random (<see cref="Every"/>).</summary>
public sealed record FaultSpec
{
    public required FaultKind Kind { get; init; }
    public Duration? At { get; init; }
    public DurationDistribution? Every { get; init; }

    /// <summary>A random fault at a yearly rate (<c>perYear</c>, or a preset's with <c>rate</c>): a Poisson process.</summary>
    public double? PerYear { get; init; }

    /// <summary>The <see cref="FaultRates"/> preset the rate comes from, or empty.</summary>
    public string RatePreset { get; init; } = "";

    /// <summary>1-based replica slot for container faults; null picks one at random among those running.</summary>
    public int? Replica { get; init; }

    /// <summary>Zone index for zone-outage.</summary>
    public int? Zone { get; init; }

    /// <summary>Length of a zone outage.</summary>
    public Duration? OutageDuration { get; init; }

    /// <summary>New desired count for scale.</summary>
    public int? Replicas { get; init; }

    /// <summary>scale-database: the new instance class.</summary>
    public InstanceClass? InstanceClass { get; init; }

    /// <summary>Random occurrences by preset (<c>"preset": "patching"</c>) instead of <see cref="At"/> or <see cref="Every"/>.</summary>
    public string? Preset { get; init; }

    /// <summary>Where it was written, for messages: "faults[2]".</summary>
    public string Path { get; init; } = "";
}

/// <summary><c>cost</c>: monthly prices in US dollars (defaults: the lesson's figures, else the vendor figures of FACTS.md).</summary>
public sealed record CostConfig(
    double DatabaseInstancePerMonth,
    double DatabaseStoragePerMonth,
    double MultiAzExtraPerMonth,
    double SharedFilesystemPerMonth,
    double ContainerPerMonth)
{
    /// <summary>Stored data in GB, for prices per GB-month.</summary>
    public double StorageGb { get; init; } = 20;
    public double Ec2InstancePerMonth { get; init; } = 7.60;
    public double EbsPerGbMonth { get; init; } = 0.08;
    public double AuroraStoragePerGbMonth { get; init; } = 0.10;
    public double AuroraIoPerMillion { get; init; } = 0.20;
    public double DynamoDbWritePerMillion { get; init; } = 0.625;

    /// <summary>Per million eventually consistent reads; a strongly consistent read costs twice as much.</summary>
    public double DynamoDbReadPerMillion { get; init; } = 0.125;
    public double DynamoDbStoragePerGbMonth { get; init; } = 0.25;
    public double CacheNodePerMonth { get; init; } = 12;

    /// <summary><c>cost.operatorHourlyUsd</c>: what an hour of the team's time costs (an assumption: $50).</summary>
    public double OperatorHourlyUsd { get; init; } = 50;
}

/// <summary>
/// <c>answer</c>: the figure that answers the scenario's question. Either the share of requests with
/// <see cref="Outcome"/> (among those of <see cref="Operations"/>), or a whole-run <see cref="Metric"/>;
/// for a share, the period: the whole run, or before/after/around (both) the timed fault
/// <see cref="FaultIndex"/>; and the closed form to set beside it (<c>(N-1)/N</c>, <c>0</c>) if any.
/// </summary>
public sealed record AnswerSpec(
    string OperationName,
    IReadOnlyList<Operation> Operations,
    Outcome? Outcome,
    string Metric,
    string Period,
    int FaultIndex,
    string Theory,
    string Text);

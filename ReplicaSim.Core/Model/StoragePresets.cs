using ReplicaSim.Engine;

namespace ReplicaSim.Model;

/// <summary>
/// Every <c>storage.kind</c> as a preset of <see cref="StorageDesign"/>'s mechanisms: the one table to edit
/// to add a kind. Figures come from ../shared/FACTS.md where the vendor documents them; the rest are
/// assumptions, named as such here and in the README.
/// </summary>
public static class StoragePresets
{
    private static DurationDistribution Exp(double meanSeconds) => new ExponentialDistribution(meanSeconds);

    private static DurationDistribution Const(double seconds) => new ConstantDistribution(Duration.FromSeconds(seconds));

    private static DurationDistribution Uniform(double minSeconds, double maxSeconds) => new UniformDistribution(minSeconds, maxSeconds);

    private static DurationDistribution LogNormal(double medianSeconds, double p99Seconds) => new LogNormalDistribution(medianSeconds, p99Seconds);

    // RDS: failover 60-120 s and the 5-minute log upload are documented; recovery of a single instance (15 min) is an assumption.
    private static readonly DurationDistribution RdsFailover = Uniform(60, 120);

    private static readonly DurationDistribution RdsRecovery = Const(900);

    /// <summary>People notice a failed primary and promote a copy themselves (FACTS.md: not documented; 30 min, an assumption).</summary>
    private static readonly DurationDistribution PeopleFailover = Const(1800);

    /// <summary>
    /// The default <c>failoverTime</c> of <paramref name="kind"/> under <paramref name="mode"/>: its own when the mode is its
    /// own; people noticing and promoting (30 min, the assumption of FACTS.md's "manual failover time") when a kind that
    /// fails over by itself is set to <c>manual</c>; RDS's 60 to 120 s when a kind you fail over yourself is set to
    /// <c>automatic</c> (a tool that promotes as RDS does: an assumption).
    /// </summary>
    public static DurationDistribution FailoverTime(StorageKind kind, FailoverMode mode)
    {
        var design = Of(kind);
        return mode == design.Failover ? design.FailoverTime : mode == FailoverMode.Manual ? PeopleFailover : RdsFailover;
    }

    private static readonly Duration FiveMinutes = Duration.FromSeconds(300);

    /// <summary>The table. Order is the order of <see cref="StorageKind"/>.</summary>
    public static readonly IReadOnlyList<StorageDesign> All =
    [
        new()
        {
            Kind = StorageKind.SqlitePerContainer, StandsFor = "a SQLite file in each container's ephemeral storage",
            Placement = CopyPlacement.Container, CommitWaitsFor = CommitWait.Nothing, Failover = FailoverMode.Automatic,
            Backup = BackupMode.None, BackupInterval = FiveMinutes,
            ReadTime = Exp(0.0002), WriteTime = Exp(0.002), FailoverTime = RdsFailover, RecoveryTime = RdsRecovery, ReplicaLag = Const(0),
            Sources = "Fargate storage is ephemeral (ECS Developer Guide); I/O times: assumption",
        },
        new()
        {
            Kind = StorageKind.Shared, StandsFor = "one RDS PostgreSQL instance (standby: true for Multi-AZ), optionally with read replicas",
            Placement = CopyPlacement.InstanceVolume, CommitWaitsFor = CommitWait.SyncStandby, TakesReadReplicas = true,
            Failover = FailoverMode.Automatic, Backup = BackupMode.ContinuousLog, BackupInterval = FiveMinutes,
            ReadTime = Exp(0.001), WriteTime = Exp(0.003), FailoverTime = RdsFailover, RecoveryTime = RdsRecovery,
            ReplicaLag = LogNormal(0.1, 1.0),
            Sources = "Multi-AZ failover 60-120 s, PITR logs every 5 min, replicas asynchronous and not promoted automatically (RDS User Guide); " +
                      "replica lag (median 100 ms, p99 1 s), recovery 15 min and I/O times: assumptions",
        },
        new()
        {
            Kind = StorageKind.SqliteSharedFile, StandsFor = "one SQLite file on a network filesystem that every container opens",
            Placement = CopyPlacement.NetworkFile, CommitWaitsFor = CommitWait.Nothing, Failover = FailoverMode.Automatic,
            Backup = BackupMode.ContinuousLog, BackupInterval = FiveMinutes,
            ReadTime = Exp(0.005), WriteTime = Exp(0.025), FailoverTime = RdsFailover, RecoveryTime = RdsRecovery, ReplicaLag = Const(0),
            Sources = "SQLite locking on network filesystems (sqlite.org); times: assumption",
        },
        new()
        {
            Kind = StorageKind.RdsMultiAzCluster, StandsFor = "an RDS Multi-AZ DB cluster: a writer and two readable standbys in three zones",
            Placement = CopyPlacement.InstanceVolume, CommitWaitsFor = CommitWait.OneOfTwoStandbys, BuiltInReaders = 2, PromotesReader = true,
            Failover = FailoverMode.Automatic, Backup = BackupMode.ContinuousLog, BackupInterval = FiveMinutes,
            ReadTime = Exp(0.001), WriteTime = Exp(0.003), FailoverTime = Uniform(15, 35), RecoveryTime = RdsRecovery,
            ReplicaLag = LogNormal(0.01, 0.1),
            Sources = "two readable standbys, a commit waits for one, failover typically under 35 s (RDS User Guide, multi-az-db-clusters-concepts); " +
                      "failover 15-35 s uniform, standby apply lag (median 10 ms, p99 100 ms): assumptions",
        },
        new()
        {
            Kind = StorageKind.Aurora, StandsFor = "Aurora: a writer and readReplicas readers over one cluster volume (six copies in three zones)",
            Placement = CopyPlacement.MultiZoneVolume, CommitWaitsFor = CommitWait.Quorum, TakesReadReplicas = true, PromotesReader = true,
            NewWriterWithoutReader = true, Copies = 6,
            Failover = FailoverMode.Automatic, Backup = BackupMode.ContinuousLog, BackupInterval = FiveMinutes,
            ReadTime = Exp(0.001), WriteTime = Exp(0.003), FailoverTime = Uniform(15, 60), RecoveryTime = Uniform(300, 600),
            ReplicaLag = LogNormal(0.02, 0.1),
            Sources = "volume of 6 copies in 3 zones, failover usually under 30-60 s, a new writer without a reader in under 10 min, " +
                      "reader lag usually well under 100 ms (Aurora User Guide); 15-60 s, 5-10 min and lag median 20 ms / p99 100 ms: assumptions within those",
        },
        new()
        {
            Kind = StorageKind.DocumentDb, StandsFor = "DocumentDB: Aurora's architecture (MongoDB-compatible); fails over only to a replica",
            Placement = CopyPlacement.MultiZoneVolume, CommitWaitsFor = CommitWait.Quorum, TakesReadReplicas = true, PromotesReader = true, Copies = 6,
            Failover = FailoverMode.Automatic, Backup = BackupMode.ContinuousLog, BackupInterval = FiveMinutes,
            ReadTime = Exp(0.001), WriteTime = Exp(0.003), FailoverTime = Uniform(15, 60), RecoveryTime = RdsRecovery,
            ReplicaLag = LogNormal(0.02, 0.1),
            Sources = "same volume as Aurora, needs a replica to fail over (DocumentDB Developer Guide); times as Aurora's and recovery 15 min: assumptions",
        },
        new()
        {
            Kind = StorageKind.DynamoDb, StandsFor = "DynamoDB: a serverless table replicated across three zones",
            Placement = CopyPlacement.RegionalService, CommitWaitsFor = CommitWait.Quorum, EventualReads = true, Copies = 3,
            Failover = FailoverMode.Automatic, Backup = BackupMode.ContinuousLog, BackupInterval = Duration.FromSeconds(1),
            ReadTime = Exp(0.003), WriteTime = Exp(0.005), FailoverTime = Const(0), RecoveryTime = Const(0),
            ReplicaLag = LogNormal(0.05, 1.0),
            Sources = "3 zones, a 200 means durably written, eventually consistent reads by default, PITR to the second (DynamoDB Developer Guide); " +
                      "2 of 3 copies in each write, the third behind by a lag of median 50 ms / p99 1 s ('a short time', 'usually within a second'), I/O times: assumptions",
        },
        new()
        {
            Kind = StorageKind.Ec2PostgreSql, StandsFor = "PostgreSQL you run yourself on an EC2 instance with an EBS volume",
            Placement = CopyPlacement.InstanceVolume, CommitWaitsFor = CommitWait.Nothing, TakesReadReplicas = true, PromotesReader = true,
            PromotionLosesUnreplicated = true,
            Failover = FailoverMode.Manual, Backup = BackupMode.Snapshot, BackupInterval = Duration.FromSeconds(86400),
            ReadTime = Exp(0.001), WriteTime = Exp(0.003), FailoverTime = PeopleFailover, RecoveryTime = Const(1800),
            ReplicaLag = LogNormal(0.05, 0.5),
            Sources = "you fail over and back up yourself, EBS volumes stay in one zone (lesson; EBS User Guide); " +
                      "30 min for people to notice and act, a nightly cron backup, streaming lag median 50 ms / p99 500 ms: assumptions",
        },
    ];

    /// <summary>The preset of a kind.</summary>
    public static StorageDesign Of(StorageKind kind) => All[(int)kind];
}

namespace ReplicaSim.Model;

/// <summary>Where the application's data lives.</summary>
public enum StorageKind
{
    /// <summary>A SQLite file in each container's ephemeral storage: its own records only, gone when the container stops.</summary>
    SqlitePerContainer,

    /// <summary>One database server (RDS PostgreSQL) shared by every container, optionally with a synchronous standby.</summary>
    Shared,

    /// <summary>One SQLite file on a network filesystem opened by every container: consistent, one writer at a time.</summary>
    SqliteSharedFile,

    /// <summary>RDS Multi-AZ DB cluster: a writer and two readable standbys; a commit waits for one standby.</summary>
    RdsMultiAzCluster,

    /// <summary>Aurora: a writer and reader instances over one cluster volume kept in three zones.</summary>
    Aurora,

    /// <summary>DocumentDB: Aurora's architecture, MongoDB-compatible; fails over only to a replica.</summary>
    DocumentDb,

    /// <summary>DynamoDB: a regional, serverless table in three zones; reads eventually consistent unless asked otherwise.</summary>
    DynamoDb,

    /// <summary>PostgreSQL on one EC2 instance with an EBS volume, run by the team: manual failover, cron backups.</summary>
    Ec2PostgreSql,
}

/// <summary>Where the copies of the data live (a mechanism of <see cref="StorageDesign"/>).</summary>
public enum CopyPlacement
{
    /// <summary>In each container's ephemeral storage.</summary>
    Container,

    /// <summary>One file on a network filesystem.</summary>
    NetworkFile,

    /// <summary>On the database instance's own volume, in one zone (RDS, EBS).</summary>
    InstanceVolume,

    /// <summary>On a cluster volume replicated across three zones, shared by the instances (Aurora, DocumentDB).</summary>
    MultiZoneVolume,

    /// <summary>In a regional service with no instance of yours (DynamoDB).</summary>
    RegionalService,
}

/// <summary>What a commit waits for before it is acknowledged.</summary>
public enum CommitWait
{
    /// <summary>The writer alone.</summary>
    Nothing,

    /// <summary>A synchronous standby in another zone (RDS Multi-AZ), while it is up.</summary>
    SyncStandby,

    /// <summary>One of two standbys (RDS Multi-AZ DB cluster).</summary>
    OneOfTwoStandbys,

    /// <summary>A quorum of copies across zones (Aurora's 4 of 6, DynamoDB's 2 of 3).</summary>
    Quorum,
}

/// <summary>Who fails the database over.</summary>
public enum FailoverMode
{
    Automatic,
    Manual,
}

/// <summary>Where reads go (<c>storage.readFrom</c>).</summary>
public enum ReadFrom
{
    Primary,
    Replicas,
}

/// <summary>How the store is backed up.</summary>
public enum BackupMode
{
    /// <summary>No backups.</summary>
    None,

    /// <summary>Transaction logs shipped every <c>backupInterval</c> (RDS point-in-time recovery: 5 minutes).</summary>
    ContinuousLog,

    /// <summary>A snapshot or cron job every <c>backupInterval</c> (hours).</summary>
    Snapshot,
}

/// <summary>Which copy served a read.</summary>
public enum ReadSource : byte
{
    /// <summary>The writer (or the only copy: SQLite).</summary>
    Primary,

    /// <summary>A read replica, reader or readable standby, behind the writer by the replica lag.</summary>
    Replica,

    /// <summary>A copy of a regional service read without strong consistency (DynamoDB).</summary>
    EventualCopy,

    /// <summary>The cache in front of the store.</summary>
    Cache,
}

/// <summary>How the load balancer picks a target.</summary>
public enum LoadBalancerPolicy
{
    RoundRobin,
    Random,
    LeastOutstanding,
    Sticky,
}

/// <summary>The operations of <c>workload.mix</c>.</summary>
public enum Operation : byte
{
    Create,
    ReadOwn,
    ReadAny,
    Update,
}

/// <summary>The one outcome every request has (SPEC.md).</summary>
public enum Outcome : byte
{
    Ok,
    Missing,
    Stale,
    Error,
}

/// <summary>Why a request ended in <see cref="Outcome.Error"/>.</summary>
public enum ErrorReason : byte
{
    None,
    NoTarget,
    ContainerDown,
    ContainerDied,
    DatabaseDown,
    DatabaseLocked,
    Timeout,
    PoolTimeout,
    ConnectionRefused,
    ConnectTimeout,

    /// <summary>A new connection was dropped by the security group (no rule allowing the port) and waited for the connect timeout.</summary>
    SecurityGroupBlocked,

    /// <summary>A write found the database's volume full.</summary>
    StorageFull,

    /// <summary>A new connection presented an expired IAM authentication token and was refused.</summary>
    TokenExpired,
}

/// <summary>The fault kinds of SPEC.md.</summary>
public enum FaultKind
{
    ContainerCrash,
    ContainerRestart,
    Deploy,
    Scale,
    ZoneOutage,
    DatabaseFailure,
    StorageLoss,
    ReplicaFailure,
    CacheFailure,

    /// <summary>Patching of the database (<c>maintenance</c>), lived through as the kind does it.</summary>
    Maintenance,

    /// <summary>A change of the database's instance class (<c>scale-database</c>).</summary>
    ScaleDatabase,

    /// <summary>The rule letting the containers reach the database is removed for a while (<c>security-group-change</c>).</summary>
    SecurityGroupChange,

    /// <summary>The containers stop refreshing their IAM authentication token (<c>iam-token-expiry</c>).</summary>
    IamTokenExpiry,

    /// <summary>The database's volume is full: not injected, reached when the records fill <c>storage.allocatedGiB</c>.</summary>
    DiskFull,

    /// <summary>The writer's EBS volume fails (documented annual failure rate 0.1-0.2 %): a standby takes over, else a restore from backup.</summary>
    VolumeFailure,
}

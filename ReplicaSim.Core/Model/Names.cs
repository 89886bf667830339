namespace ReplicaSim.Model;

/// <summary>The spellings used in scenario files and outputs (SPEC.md keeps them fixed).</summary>
public static class Names
{
    public static string Of(StorageKind kind) => kind switch
    {
        StorageKind.SqlitePerContainer => "sqlite-per-container",
        StorageKind.Shared => "shared",
        StorageKind.SqliteSharedFile => "sqlite-shared-file",
        StorageKind.RdsMultiAzCluster => "rds-multi-az-cluster",
        StorageKind.Aurora => "aurora",
        StorageKind.DocumentDb => "documentdb",
        StorageKind.DynamoDb => "dynamodb",
        StorageKind.Ec2PostgreSql => "ec2-postgresql",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string Of(FailoverMode mode) => mode == FailoverMode.Manual ? "manual" : "automatic";

    public static string Of(ReadFrom from) => from == ReadFrom.Replicas ? "replicas" : "primary";

    public static string Of(StorageType type) => type switch
    {
        StorageType.Gp2 => "gp2",
        StorageType.Gp3 => "gp3",
        StorageType.Io1 => "io1",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static string Of(LoadBalancerPolicy policy) => policy switch
    {
        LoadBalancerPolicy.RoundRobin => "round-robin",
        LoadBalancerPolicy.Random => "random",
        LoadBalancerPolicy.LeastOutstanding => "least-outstanding",
        LoadBalancerPolicy.Sticky => "sticky",
        _ => throw new ArgumentOutOfRangeException(nameof(policy)),
    };

    public static string Of(Operation op) => op switch
    {
        Operation.Create => "create",
        Operation.ReadOwn => "readOwn",
        Operation.ReadAny => "readAny",
        Operation.Update => "update",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public static string Of(Outcome outcome) => outcome switch
    {
        Outcome.Ok => "ok",
        Outcome.Missing => "missing",
        Outcome.Stale => "stale",
        Outcome.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    public static string Of(ErrorReason reason) => reason switch
    {
        ErrorReason.None => "none",
        ErrorReason.NoTarget => "no-target",
        ErrorReason.ContainerDown => "container-down",
        ErrorReason.ContainerDied => "container-died",
        ErrorReason.DatabaseDown => "database-unavailable",
        ErrorReason.DatabaseLocked => "database-locked",
        ErrorReason.Timeout => "timeout",
        ErrorReason.PoolTimeout => "pool-timeout",
        ErrorReason.ConnectionRefused => "connection-refused",
        ErrorReason.ConnectTimeout => "connect-timeout",
        ErrorReason.SecurityGroupBlocked => "security-group-blocked",
        ErrorReason.StorageFull => "storage-full",
        ErrorReason.TokenExpired => "iam-token-expired",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };

    public static string Of(FaultKind kind) => kind switch
    {
        FaultKind.ContainerCrash => "container-crash",
        FaultKind.ContainerRestart => "container-restart",
        FaultKind.Deploy => "deploy",
        FaultKind.Scale => "scale",
        FaultKind.ZoneOutage => "zone-outage",
        FaultKind.DatabaseFailure => "database-failure",
        FaultKind.StorageLoss => "storage-loss",
        FaultKind.ReplicaFailure => "replica-failure",
        FaultKind.CacheFailure => "cache-failure",
        FaultKind.Maintenance => "maintenance",
        FaultKind.ScaleDatabase => "scale-database",
        FaultKind.SecurityGroupChange => "security-group-change",
        FaultKind.IamTokenExpiry => "iam-token-expiry",
        FaultKind.DiskFull => "disk-full",
        FaultKind.VolumeFailure => "volume-failure",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static readonly IReadOnlyList<StorageKind> StorageKinds = Enum.GetValues<StorageKind>();
    public static readonly IReadOnlyList<FailoverMode> FailoverModes = Enum.GetValues<FailoverMode>();
    public static readonly IReadOnlyList<ReadFrom> ReadFromOptions = Enum.GetValues<ReadFrom>();
    public static readonly IReadOnlyList<StorageType> StorageTypes = Enum.GetValues<StorageType>();
    public static readonly IReadOnlyList<LoadBalancerPolicy> Policies = Enum.GetValues<LoadBalancerPolicy>();
    public static readonly IReadOnlyList<Operation> Operations = Enum.GetValues<Operation>();
    public static readonly IReadOnlyList<Outcome> Outcomes = Enum.GetValues<Outcome>();
    public static readonly IReadOnlyList<ErrorReason> ErrorReasons = Enum.GetValues<ErrorReason>();
    public static readonly IReadOnlyList<FaultKind> FaultKinds = Enum.GetValues<FaultKind>();

    /// <summary>The kinds a scenario can write in <c>faults[]</c> (a full disk is reached, not injected).</summary>
    public static readonly IReadOnlyList<FaultKind> InjectableFaultKinds = [.. Enum.GetValues<FaultKind>().Where(k => k != FaultKind.DiskFull)];

    /// <summary>Plain words for reports: "the shared database", "container-3's app.db".</summary>
    public static string Describe(ErrorReason reason) => reason switch
    {
        ErrorReason.NoTarget => "no container to send it to",
        ErrorReason.ContainerDown => "sent to a container that was down",
        ErrorReason.ContainerDied => "the container died while serving it",
        ErrorReason.DatabaseDown => "the database was unavailable",
        ErrorReason.DatabaseLocked => "\"database is locked\" (SQLite busy timeout)",
        ErrorReason.Timeout => "the load balancer timed out (service.requestTimeout) before the container answered: queued too long or served too slowly",
        ErrorReason.PoolTimeout => "no free connection in the container's pool within the pool timeout",
        ErrorReason.ConnectionRefused => "the database refused a new connection (max_connections reached)",
        ErrorReason.ConnectTimeout => "a new connection went to a database host that was gone and waited for the connect timeout",
        ErrorReason.SecurityGroupBlocked => "a new connection was dropped by the security group (no rule allowing port 5432 from the containers) and waited for the connect timeout",
        ErrorReason.StorageFull => "storage full: the database's volume had no space left for the write",
        ErrorReason.TokenExpired => "the database refused a new connection: its IAM authentication token had expired",
        _ => "no error",
    };
}

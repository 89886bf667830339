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
}

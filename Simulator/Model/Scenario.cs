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

    /// <summary>Width of one row of <c>timeline.csv</c>.</summary>
    public required Duration TimelineBucket { get; init; }

    /// <summary>The question the scenario answers, for the scenario library.</summary>
    public string Question { get; init; } = "";

    /// <summary>Name of the variant this scenario was built from, or empty.</summary>
    public string Variant { get; init; } = "";
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
    Duration BusyTimeout);

/// <summary><c>network</c>: one-way delays.</summary>
public sealed record NetworkConfig(DurationDistribution ToContainer, DurationDistribution ToDatabase, DurationDistribution CrossZone);

/// <summary><c>workload</c>: Poisson arrivals from a number of clients, with an operation mix.</summary>
public sealed record WorkloadConfig(double ArrivalRatePerSecond, int Clients, OperationMix Mix);

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

    /// <summary>1-based replica slot for container faults; null picks one at random among those running.</summary>
    public int? Replica { get; init; }

    /// <summary>Zone index for zone-outage.</summary>
    public int? Zone { get; init; }

    /// <summary>Length of a zone outage.</summary>
    public Duration? OutageDuration { get; init; }

    /// <summary>New desired count for scale.</summary>
    public int? Replicas { get; init; }

    /// <summary>Where it was written, for messages: "faults[2]".</summary>
    public string Path { get; init; } = "";
}

/// <summary><c>cost</c>: monthly prices in US dollars (defaults: the lesson's figures).</summary>
public sealed record CostConfig(
    double DatabaseInstancePerMonth,
    double DatabaseStoragePerMonth,
    double MultiAzExtraPerMonth,
    double SharedFilesystemPerMonth,
    double ContainerPerMonth);

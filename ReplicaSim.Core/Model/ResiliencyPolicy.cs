using ReplicaSim.Engine;

namespace ReplicaSim.Model;

/// <summary>
/// <c>policy</c>: the targets an architecture must meet, named after AWS Resilience Hub's resiliency policy:
/// an availability target, and an RTO and RPO per disruption type (<c>software</c>, <c>hardware</c>, <c>az</c>).
/// Resilience Hub's fourth type, <c>region</c>, has no counterpart: ReplicaSim simulates one region.
/// </summary>
/// <param name="Name">Resilience Hub's <c>policyName</c>, for reports.</param>
/// <param name="AvailabilityPercent">Requests answered without error over a year, as a percentage (99.9); null: no target.</param>
/// <param name="Software">Targets for the application's own disruptions (container crash, restart, deploy, scale).</param>
/// <param name="Hardware">Targets for the data tier's instance and storage failures.</param>
/// <param name="Az">Targets for a zone outage.</param>
public sealed record ResiliencyPolicy(string Name, double? AvailabilityPercent, DisruptionTarget Software, DisruptionTarget Hardware, DisruptionTarget Az)
{
    /// <summary>
    /// Right answers among those given (ok / answered), as a percentage (99.99); null: no target. ReplicaSim's own
    /// addition: Resilience Hub has no such target, and availability counts a wrong answer ("not found") as answered.
    /// </summary>
    public double? CorrectnessPercent { get; init; }

    public DisruptionTarget For(DisruptionType type) => type switch
    {
        DisruptionType.Software => Software,
        DisruptionType.Hardware => Hardware,
        _ => Az,
    };

    /// <summary>The spelling in scenario files and outputs: <c>software</c>, <c>hardware</c>, <c>az</c>.</summary>
    public static string Of(DisruptionType type) => type switch
    {
        DisruptionType.Software => "software",
        DisruptionType.Hardware => "hardware",
        _ => "az",
    };

    public static readonly IReadOnlyList<DisruptionType> Types = [DisruptionType.Software, DisruptionType.Hardware, DisruptionType.Az];

    /// <summary>
    /// Which disruption type a fault kind is: <c>software</c> (the application's containers: crash, restart, deploy, scale),
    /// <c>hardware</c> (the data tier's instances and storage), <c>az</c> (a zone outage). Null for a kind outside the three.
    /// </summary>
    public static DisruptionType? TypeOf(FaultKind kind) => kind switch
    {
        // Operations are changes people make (a patch, a resize, a firewall rule, a credential): software, as
        // Resilience Hub counts application and configuration changes; a full disk is the infrastructure's.
        FaultKind.ContainerCrash or FaultKind.ContainerRestart or FaultKind.Deploy or FaultKind.Scale
            or FaultKind.Maintenance or FaultKind.ScaleDatabase or FaultKind.SecurityGroupChange or FaultKind.IamTokenExpiry => DisruptionType.Software,
        FaultKind.DatabaseFailure or FaultKind.StorageLoss or FaultKind.VolumeFailure or FaultKind.ReplicaFailure or FaultKind.CacheFailure
            or FaultKind.DiskFull => DisruptionType.Hardware,
        FaultKind.ZoneOutage => DisruptionType.Az,
        _ => null,
    };
}

/// <summary>The targets for one disruption type: how long until requests succeed again (RTO), how much acknowledged data may be lost, as time (RPO).</summary>
public sealed record DisruptionTarget(Duration? Rto, Duration? Rpo)
{
    public static readonly DisruptionTarget None = new(null, null);
}

/// <summary>Resilience Hub's disruption types that a single-region simulation has.</summary>
public enum DisruptionType
{
    Software,
    Hardware,
    Az,
}

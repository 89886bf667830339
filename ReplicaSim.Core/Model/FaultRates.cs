namespace ReplicaSim.Model;

/// <summary>
/// Named yearly rates for random faults (<c>faults[].rate</c>), each documented or named as an assumption.
/// A fault with a rate strikes as a Poisson process: on average <see cref="FaultRate.PerYear"/> times in 365 days.
/// </summary>
/// <remarks>
/// Kept apart from the fault kinds themselves so that other fault families can add their rows here.
/// Sources: the Amazon EBS User Guide's volume-type table (durability, annual failure rate), the public zone incidents
/// in ../shared/FACTS.md for context, and the README's "Faults at frequencies" table.
/// </remarks>
public static class FaultRates
{
    /// <summary>365 days, the year every rate is counted in.</summary>
    public const double YearSeconds = 365 * 86400.0;

    public static readonly IReadOnlyList<FaultRate> Presets =
    [
        new("ebs-gp3", FaultKind.VolumeFailure, 0.002,
            "documented (Amazon EBS User Guide, Amazon EBS volume types): gp2 and gp3 volumes are designed for 99.8-99.9 % durability, an annual failure rate of 0.1-0.2 %; the upper end is used"),
        new("ebs-gp2", FaultKind.VolumeFailure, 0.002,
            "documented (Amazon EBS User Guide, Amazon EBS volume types): gp2 and gp3 volumes are designed for 99.8-99.9 % durability, an annual failure rate of 0.1-0.2 %; the upper end is used"),
        new("ebs-io2", FaultKind.VolumeFailure, 0.00001,
            "documented (Amazon EBS User Guide, Amazon EBS volume types): io2 Block Express volumes are designed for 99.999 % durability (0.001 % annual failure rate)"),
        new("instance-assumed", FaultKind.DatabaseFailure, 1,
            "assumption: about one failure a year of the database instance's host (hardware, kernel, hypervisor); AWS documents no rate"),
        new("replica-assumed", FaultKind.ReplicaFailure, 1,
            "assumption: the same yearly rate as the writer instance, for one read replica or reader"),
        new("cache-node-assumed", FaultKind.CacheFailure, 1,
            "assumption: the same yearly rate as a database instance, for the cache's primary node"),
        new("zone-outage-assumed", FaultKind.ZoneOutage, 0.5,
            "assumption: one zone goes dark about once in two years; public incidents (FACTS.md) lasted 20 min to 6 h, tails to 10 h"),
        new("container-crash-assumed", FaultKind.ContainerCrash, 12,
            "assumption: each service sees about one container crash a month (out of memory, a bug); use your own cadence with perYear"),
    ];

    /// <summary>The preset named <paramref name="name"/>, or null.</summary>
    public static FaultRate? Find(string name)
    {
        foreach (var p in Presets)
        {
            if (p.Name == name)
            {
                return p;
            }
        }
        return null;
    }
}

/// <summary>A named yearly rate for one fault kind, with where its figure comes from.</summary>
public sealed record FaultRate(string Name, FaultKind Kind, double PerYear, string Source);

using ReplicaSim.Model;

namespace ReplicaSim.Metrics;

/// <summary>
/// What <c>assess</c> runs: every variant of a scenario over <see cref="Years"/> x <see cref="Seeds"/> independent
/// simulated years (one run each); run r of a variant has seed <see cref="BaseSeed"/> + r, the same for every variant.
/// </summary>
public sealed record AssessmentDefinition(
    string Scenario,
    string ScenarioFile,
    IReadOnlyList<string> Variants,
    int Years,
    int Seeds,
    long BaseSeed,
    IReadOnlyList<string> Sets)
{
    /// <summary>Each run simulates 365 days.</summary>
    public const string RunDuration = "365d";

    public int RunsPerVariant => Years * Seeds;

    public int Runs => Variants.Count * RunsPerVariant;

    /// <summary>Whether the runs may go past the scenario work limits (--allow-large); not part of the results.</summary>
    public bool AllowLarge { get; init; }

    public (int Variant, int Year) Cell(int run) => (run / RunsPerVariant, run % RunsPerVariant);

    public long SeedOf(int run) => BaseSeed + Cell(run).Year;
}

/// <summary>One fault of an assessed run as measured: its disruption type, how long requests failed (RTO), how far back the writes it destroyed went (RPO).</summary>
/// <param name="Kind">The fault kind (<c>zone-outage</c>).</param>
/// <param name="Type"><c>software</c>, <c>hardware</c>, <c>az</c>, or empty for a kind outside the policy's types.</param>
/// <param name="AtSeconds">When it struck, from the start of the year.</param>
/// <param name="RtoSeconds">From the fault until requests stopped failing because of it.</param>
/// <param name="RpoSeconds">From the oldest acknowledged write it destroyed to the fault (0: none destroyed).</param>
/// <param name="WritesLost">Acknowledged writes it destroyed for good.</param>
public sealed record AssessedIncident(string Kind, string Type, double AtSeconds, double RtoSeconds, double RpoSeconds, long WritesLost);

/// <summary>One simulated year of one architecture.</summary>
public sealed record AssessmentRun(
    int Index,
    long Seed,
    double SimulatedSeconds,
    long Requests,
    long Errors,
    long Ok,
    long WritesLost,
    long Violations,
    double CostPerMonth,
    IReadOnlyList<AssessedIncident> Incidents)
{
    public double Availability => Requests == 0 ? 1 : (Requests - Errors) / (double)Requests;

    /// <summary>Right answers among those given: ok / (requests - errors), 1 when none was answered (SPEC: correctness).</summary>
    public double Correctness => Requests - Errors == 0 ? 1 : Ok / (double)(Requests - Errors);

    public static AssessmentRun From(int index, RunSummary s)
    {
        var incidents = new List<AssessedIncident>(s.Incidents.Count);
        foreach (var i in s.Incidents)
        {
            var type = ResiliencyPolicy.TypeOf(i.FaultKind) is { } t ? ResiliencyPolicy.Of(t) : "";
            incidents.Add(new AssessedIncident(i.Kind, type, i.Start.Seconds, i.ErrorSeconds,
                double.IsNaN(i.RecoveryPointSeconds) ? 0 : i.RecoveryPointSeconds, i.WritesLost));
        }
        return new AssessmentRun(index, s.Scenario.Seed, s.SimulatedSeconds, s.Requests.Total, s.Requests.Error, s.Requests.Ok, s.WritesLost,
            s.ConsistencyViolations, MonthlyTotal(s), incidents);
    }

    /// <summary>
    /// A month's bill: the infrastructure (already monthly) and, when the scenario counts the team's time, its routine
    /// hours plus the hours of this run's incidents scaled from the run's length to a month (730 h), at the hourly rate.
    /// </summary>
    public static double MonthlyTotal(RunSummary s)
    {
        if (s.Cost.Operations is not { } ops)
        {
            return s.Cost.MonthlyUsd;
        }
        var incidentHours = s.SimulatedSeconds > 0 ? ops.IncidentHours * StoreTraffic.SecondsPerMonth / s.SimulatedSeconds : 0;
        return s.Cost.MonthlyUsd + (ops.RoutineHours + incidentHours) * ops.HourlyUsd;
    }
}

/// <summary>A mean over the simulated years with its standard deviation and 95 % interval (Student t).</summary>
public sealed record YearStat(double Mean, double StandardDeviation, double CiLow, double CiHigh);

/// <summary>The faults of one disruption type over every simulated year of one architecture.</summary>
/// <param name="Type"><c>software</c>, <c>hardware</c> or <c>az</c>.</param>
/// <param name="Count">How many struck.</param>
/// <param name="WorstRtoSeconds">The longest any kept requests failing (0 when none struck).</param>
/// <param name="P95RtoSeconds">The 95th percentile of those times (nearest rank).</param>
/// <param name="WorstRpoSeconds">The furthest back any destroyed acknowledged writes.</param>
/// <param name="P95RpoSeconds">The 95th percentile of those spans.</param>
/// <param name="WorstRtoKind">The fault kind of the worst RTO.</param>
/// <param name="WorstRpoKind">The fault kind of the worst RPO.</param>
/// <param name="WorstRpoWrites">Writes lost for good by the fault of the worst RPO.</param>
public sealed record DisruptionResult(string Type, int Count, double WorstRtoSeconds, double P95RtoSeconds, double WorstRpoSeconds, double P95RpoSeconds,
    string WorstRtoKind, string WorstRpoKind, long WorstRpoWrites);

/// <summary>One criterion of the policy for one architecture: met or not, and in one sentence why not.</summary>
/// <param name="Criterion"><c>availability</c>, or <c>software.rto</c>, <c>az.rpo</c>, ...</param>
/// <param name="Met">Whether the architecture meets it.</param>
/// <param name="Sentence">What was measured against the target, in one sentence.</param>
public sealed record PolicyCheck(string Criterion, bool Met, string Sentence);

/// <summary>One architecture's assessment.</summary>
public sealed record AssessmentRow(
    string Variant,
    YearStat Availability,
    YearStat Correctness,
    IReadOnlyList<DisruptionResult> Disruptions,
    YearStat LostWritesPerYear,
    YearStat ViolationsPerYear,
    double CostPerMonth,
    IReadOnlyList<(string Kind, int Count, double ErrorSecondsPerYear)> ByKind,
    IReadOnlyList<PolicyCheck> Checks)
{
    public bool Meets => Checks.All(c => c.Met);

    public DisruptionResult For(string type) => Disruptions.First(d => d.Type == type);
}

/// <summary>Every architecture against the policy, and the cheapest that meets it (null when none does).</summary>
public sealed record AssessmentResult(AssessmentDefinition Definition, ResiliencyPolicy Policy, IReadOnlyList<AssessmentRow> Rows, string? Cheapest);

/// <summary>A shard file of an assessment: part <see cref="Shard"/> of <see cref="Shards"/>, its runs, and the fingerprint of the assessment.</summary>
public sealed record AssessmentShard(AssessmentDefinition Definition, ResiliencyPolicy Policy, SweepProvenance Provenance, string Fingerprint, int Shard, int Shards,
    IReadOnlyList<AssessmentRun> Runs);

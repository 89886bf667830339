using System.Globalization;
using MathNet.Numerics.Distributions;
using ReplicaSim.Engine;
using ReplicaSim.Model;

namespace ReplicaSim.Metrics;

/// <summary>
/// Puts the simulated years of each architecture together and holds them to the policy: availability with its
/// 95 % interval, observed RTO and RPO per disruption type (worst and 95th percentile), lost writes and
/// violations per year, monthly cost; which architectures meet the policy, why each miss, and the cheapest that meets it.
/// </summary>
/// <remarks>
/// An architecture meets the availability target when its mean over the years reaches it; an RTO or RPO target
/// when the worst disruption of that type observed in all the years stays within it (none observed meets it, and
/// says so). The interval is Student t over the years, which are independent runs.
/// </remarks>
public static class Assessor
{
    public static AssessmentResult Assess(AssessmentDefinition d, ResiliencyPolicy policy, IReadOnlyList<AssessmentRun> runs)
    {
        var rows = new List<AssessmentRow>();
        for (var v = 0; v < d.Variants.Count; v++)
        {
            var mine = runs.Where(r => d.Cell(r.Index).Variant == v).OrderBy(r => r.Index).ToList();
            rows.Add(Row(d, policy, d.Variants[v], mine));
        }
        string? cheapest = null;
        var best = double.PositiveInfinity;
        foreach (var row in rows)
        {
            if (row.Meets && row.CostPerMonth < best)
            {
                (cheapest, best) = (row.Variant, row.CostPerMonth);
            }
        }
        return new AssessmentResult(d, policy, rows, cheapest);
    }

    private static AssessmentRow Row(AssessmentDefinition d, ResiliencyPolicy policy, string variant, IReadOnlyList<AssessmentRun> runs)
    {
        var years = runs.Select(r => r.SimulatedSeconds / FaultRates.YearSeconds).ToArray();
        // Intervals are clipped to what the figure can be: a share from 0 to 1, a count from 0 up.
        var availability = Clip(Stat([.. runs.Select(r => r.Availability)]), 0, 1);
        var correctness = Clip(Stat([.. runs.Select(r => r.Correctness)]), 0, 1);
        var lost = Clip(Stat([.. runs.Select((r, i) => r.WritesLost / years[i])]), 0, double.PositiveInfinity);
        var violations = Clip(Stat([.. runs.Select((r, i) => r.Violations / years[i])]), 0, double.PositiveInfinity);
        var cost = runs.Sum(r => r.CostPerMonth) / runs.Count;
        var totalYears = years.Sum();
        var all = runs.SelectMany(r => r.Incidents).ToList();
        var disruptions = ResiliencyPolicy.Types.Select(t => Disruption(ResiliencyPolicy.Of(t), all)).ToList();
        var byKind = all.GroupBy(i => i.Kind).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Kind: g.Key, Count: g.Count(), ErrorSecondsPerYear: g.Sum(i => i.RtoSeconds) / totalYears)).ToList();
        var checks = new List<PolicyCheck>();
        var name = variant;
        if (policy.AvailabilityPercent is { } target)
        {
            var met = availability.Mean * 100 >= target;
            string sentence;
            if (met)
            {
                sentence = availability.CiLow * 100 < target
                    ? $"{name}: availability {Percent(availability.Mean)} meets the {Percent(target / 100)} target on average, but its 95 % interval reaches down to {Percent(availability.CiLow)}: more years would tell"
                    : $"{name}: availability {Percent(availability.Mean)} meets the {Percent(target / 100)} target";
            }
            else
            {
                var worst = byKind.OrderByDescending(k => k.ErrorSecondsPerYear).FirstOrDefault();
                var why = worst.Kind is null || worst.ErrorSecondsPerYear <= 0 ? "" : $"; most of the failing time comes from {worst.Kind} ({Span(worst.ErrorSecondsPerYear)} a year over {worst.Count} faults in {Years(totalYears)})";
                sentence = $"{name}: availability {Percent(availability.Mean)} (95 % interval {Percent(availability.CiLow)} to {Percent(availability.CiHigh)}) is below the {Percent(target / 100)} target{why}";
            }
            checks.Add(new PolicyCheck("availability", met, sentence));
        }
        if (policy.CorrectnessPercent is { } right)
        {
            var met = correctness.Mean * 100 >= right;
            var wrong = violations.Mean.ToString("N0", CultureInfo.InvariantCulture);
            checks.Add(new PolicyCheck("correctness", met, met
                ? $"{name}: {Percent(correctness.Mean)} of its answers were right ({wrong} missing or stale a year), meeting the {Percent(right / 100)} target"
                : $"{name}: only {Percent(correctness.Mean)} of its answers were right ({wrong} missing or stale a year: answered, so they count for availability), below the {Percent(right / 100)} correctness target"));
        }
        foreach (var type in ResiliencyPolicy.Types)
        {
            var key = ResiliencyPolicy.Of(type);
            var result = disruptions.First(x => x.Type == key);
            var t = policy.For(type);
            if (t.Rto is { } rto)
            {
                var met = result.WorstRtoSeconds <= rto.TotalSeconds;
                checks.Add(new PolicyCheck(key + ".rto", met, met
                    ? (result.Count == 0 ? $"{name}: no {key} disruption struck in {Years(totalYears)}, so its RTO target {Span(rto.TotalSeconds)} was not tested"
                        : $"{name}: {key} disruptions ({result.Count} in {Years(totalYears)}) kept requests failing for at most {Span(result.WorstRtoSeconds)}, within the RTO target {Span(rto.TotalSeconds)}")
                    : $"{name}: a {result.WorstRtoKind} ({key}) kept requests failing for {Span(result.WorstRtoSeconds)} (worst of {result.Count}; 95th percentile {Span(result.P95RtoSeconds)}), RTO {Span(result.WorstRtoSeconds)} > {Span(rto.TotalSeconds)}"));
            }
            if (t.Rpo is { } rpo)
            {
                var met = result.WorstRpoSeconds <= rpo.TotalSeconds;
                checks.Add(new PolicyCheck(key + ".rpo", met, met
                    ? (result.Count == 0 ? $"{name}: no {key} disruption struck in {Years(totalYears)}, so its RPO target {Span(rpo.TotalSeconds)} was not tested"
                        : result.WorstRpoSeconds <= 0 ? $"{name}: no {key} disruption ({result.Count} in {Years(totalYears)}) lost an acknowledged write (RPO target {Span(rpo.TotalSeconds)})"
                        : $"{name}: {key} disruptions ({result.Count} in {Years(totalYears)}) lost writes going back at most {Span(result.WorstRpoSeconds)}, within the RPO target {Span(rpo.TotalSeconds)}")
                    : $"{name}: a {result.WorstRpoKind} ({key}) lost {result.WorstRpoWrites.ToString("N0", CultureInfo.InvariantCulture)} acknowledged writes going back {Span(result.WorstRpoSeconds)}, RPO {Span(result.WorstRpoSeconds)} > {Span(rpo.TotalSeconds)}"));
            }
        }
        return new AssessmentRow(variant, availability, correctness, disruptions, lost, violations, cost, byKind, checks);
    }

    private static DisruptionResult Disruption(string type, IReadOnlyList<AssessedIncident> all)
    {
        var mine = all.Where(i => i.Type == type).ToList();
        if (mine.Count == 0)
        {
            return new DisruptionResult(type, 0, 0, 0, 0, 0, "", "", 0);
        }
        // Ties go to the first in run order, so the result does not depend on how the runs were split.
        var worstRto = mine.Aggregate((a, b) => b.RtoSeconds > a.RtoSeconds ? b : a);
        var worstRpo = mine.Aggregate((a, b) => b.RpoSeconds > a.RpoSeconds ? b : a);
        return new DisruptionResult(type, mine.Count, worstRto.RtoSeconds, P95([.. mine.Select(i => i.RtoSeconds)]),
            worstRpo.RpoSeconds, P95([.. mine.Select(i => i.RpoSeconds)]), worstRto.Kind, worstRpo.Kind, worstRpo.WritesLost);
    }

    /// <summary>The 95th percentile by nearest rank: the smallest value at or above 95 % of them.</summary>
    public static double P95(double[] values)
    {
        Array.Sort(values);
        var rank = (int)Math.Ceiling(0.95 * values.Length);
        return values[Math.Clamp(rank, 1, values.Length) - 1];
    }

    public static YearStat Stat(double[] xs)
    {
        var n = xs.Length;
        var mean = xs.Sum() / n;
        var sd = n > 1 ? Math.Sqrt(xs.Sum(x => (x - mean) * (x - mean)) / (n - 1)) : 0;
        var half = n > 1 ? StudentT.InvCDF(0, 1, n - 1, 0.975) * sd / Math.Sqrt(n) : double.NaN;
        return new YearStat(mean, sd, mean - half, mean + half);
    }

    private static YearStat Clip(YearStat s, double min, double max) =>
        s with { CiLow = Math.Clamp(s.CiLow, min, max), CiHigh = Math.Clamp(s.CiHigh, min, max) };

    /// <summary>Availability as nines: -log10(1 - a); infinite when nothing failed.</summary>
    public static double Nines(double availability) => availability >= 1 ? double.PositiveInfinity : -Math.Log10(1 - availability);

    /// <summary>"99.95 %", with enough digits to tell the nines apart.</summary>
    public static string Percent(double fraction)
    {
        if (!double.IsFinite(fraction))
        {
            return "?";
        }
        var p = fraction * 100;
        var digits = p >= 99.99 ? 4 : p >= 99.9 ? 3 : 2;
        return Math.Round(p, digits, MidpointRounding.AwayFromZero).ToString("0." + new string('#', digits), CultureInfo.InvariantCulture) + " %";
    }

    /// <summary>A span for people: "0 s", "1 min 54 s", "3 h 00 min", or "12.3 days" beyond two days.</summary>
    public static string Span(double seconds) => seconds <= 0 ? "0 s" : Duration.FromSeconds(seconds).ToReadable();

    private static string Years(double years) => Math.Abs(years - Math.Round(years)) < 1e-9
        ? $"{Math.Round(years).ToString(CultureInfo.InvariantCulture)} simulated year{(Math.Round(years) == 1 ? "" : "s")}"
        : $"{years.ToString("0.##", CultureInfo.InvariantCulture)} simulated years";
}

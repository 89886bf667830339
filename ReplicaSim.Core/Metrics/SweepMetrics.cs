using ReplicaSim.Model;

namespace ReplicaSim.Metrics;

/// <summary>The metrics a sweep records for every run, in a fixed order.</summary>
public static class SweepMetrics
{
    public static readonly IReadOnlyList<(string Name, string Label)> All =
    [
        ("requests", "requests"),
        ("availability", "availability (answered without error / all requests)"),
        ("correctness", "correctness (ok / answered)"),
        ("availabilityPercent", "availability (% answered without error)"),
        ("correctnessPercent", "correctness (% right among answered)"),
        ("violationFraction", "consistency violations (fraction of requests)"),
        ("readAnyMissingFraction", "reads of another client's record not found (fraction)"),
        ("readOwnMissingFraction", "reads of one's own record not found (fraction)"),
        ("writesLost", "acknowledged writes lost"),
        ("downtimeSeconds", "downtime (s)"),
        ("errors", "failed requests"),
        ("latencyMeanMs", "mean latency (ms)"),
        ("latencyP50Ms", "p50 latency (ms)"),
        ("latencyP99Ms", "p99 latency (ms)"),
        ("costPerMonth", "database cost (US dollars per month)"),
        ("unansweredSeconds", "no successful answer, by completion (s)"),
    ];

    public static int IndexOf(string name)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i].Name == name)
            {
                return i;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(name), name, "no such sweep metric");
    }

    public static double[] Measure(RunSummary s)
    {
        static double Fraction(long part, long whole) => whole == 0 ? 0 : part / (double)whole;
        var readAny = s.ByOperation.First(x => x.Op == Operation.ReadAny).Counts;
        var readOwn = s.ByOperation.First(x => x.Op == Operation.ReadOwn).Counts;
        return
        [
            s.Requests.Total,
            s.Availability,
            s.Correctness,
            s.Availability * 100,
            s.Correctness * 100,
            Fraction(s.ConsistencyViolations, s.Requests.Total),
            Fraction(readAny.Missing, readAny.Total),
            Fraction(readOwn.Missing, readOwn.Total),
            s.WritesLost,
            s.DowntimeSeconds,
            s.Requests.Error,
            s.LatencyMs.Mean,
            s.LatencyMs.P50,
            s.LatencyMs.P99,
            s.Cost.MonthlyUsd,
            s.UnansweredSeconds,
        ];
    }
}

using ReplicaSim.Metrics;
using ReplicaSim.Model;

namespace ReplicaSim.Reporting;

/// <summary>Whether the first minutes of a run differ from the rest (warm-up: clients with no record yet, empty stores).</summary>
/// <remarks>
/// The start is held against the undisturbed stretch after it: up to the first fault or the first downtime window, whichever
/// comes first (<paramref name="UntilSeconds"/>), so that a zone outage later in the run is not read as a warm-up. When the start
/// itself is disturbed, or the undisturbed stretch after it is shorter than the start, there is no check.
/// </remarks>
public sealed record StartCheck(double Seconds, double P99Ms, double P99MsAfter, double[] SharesStart, double[] SharesAfter, bool Differs,
    double UntilSeconds, bool UntilDisruption)
{
    /// <summary>The start: the warm-up if the scenario sets one, else the first 2 minutes (at most a fifth of the run).</summary>
    public static StartCheck? Of(RunSummary s)
    {
        var t = s.Timeline;
        var seconds = s.Scenario.WarmUp.Microseconds > 0 ? s.Scenario.WarmUp.TotalSeconds : Math.Min(120, s.SimulatedSeconds / 5);
        var cut = (int)Math.Round(seconds / t.Bucket.TotalSeconds);
        if (cut < 1 || cut >= t.Count)
        {
            return null;
        }
        var end = t.Count;
        var disrupted = false;
        if (FirstDisruption(s) is { } first && t.BucketOf(first) < end)
        {
            // Buckets wholly before the disruption (the one it falls in is left out).
            end = t.BucketOf(first);
            disrupted = true;
        }
        if (end - cut < cut)
        {
            return null;
        }
        var start = Counts(t, 0, cut);
        var rest = Counts(t, cut, end);
        if (start[4] < 30 || rest[4] < 30)
        {
            return null;
        }
        var p99 = t.LatencyQuantileMs(0, cut, 0.99);
        var p99After = t.LatencyQuantileMs(cut, end, 0.99);
        var differs = p99 > 1.5 * p99After || p99After > 1.5 * p99 || !RunCollector.Matches(start, rest);
        return new StartCheck(cut * t.Bucket.TotalSeconds, p99, p99After, Shares(start), Shares(rest), differs,
            disrupted ? end * t.Bucket.TotalSeconds : s.SimulatedSeconds, disrupted);
    }

    /// <summary>The first fault's start or the first downtime window's, whichever is earlier; null when neither happened.</summary>
    private static Engine.Instant? FirstDisruption(RunSummary s)
    {
        Engine.Instant? first = null;
        foreach (var i in s.Incidents)
        {
            if (first is null || i.Start < first)
            {
                first = i.Start;
            }
        }
        if (s.Downtime.Count > 0 && (first is null || s.Downtime[0].Start < first))
        {
            first = s.Downtime[0].Start;
        }
        return first;
    }

    private static long[] Counts(Timeline t, int from, int to)
    {
        var c = new long[5];
        for (var b = from; b < to; b++)
        {
            for (var o = 0; o < 4; o++)
            {
                c[o] += t.Outcomes((Outcome)o)[b];
            }
        }
        c[4] = c[0] + c[1] + c[2] + c[3];
        return c;
    }

    private static double[] Shares(long[] c) => [c[0] / (double)c[4], c[1] / (double)c[4], c[2] / (double)c[4], c[3] / (double)c[4]];

    /// <summary>The report's sentence, or null when the start is like the rest and no warm-up is set.</summary>
    public string? Sentence(RunSummary s)
    {
        var warm = s.Scenario.WarmUp.Microseconds > 0;
        var lines = new List<string>();
        if (Differs)
        {
            var after = UntilDisruption ? $"from then until {new Engine.Instant((long)Math.Round(UntilSeconds * 1e6))}, before the first fault or outage" : "after";
            lines.Add($"The start differs from the rest: in the first {Format.Span(Seconds)}, p99 latency was {Format.Number(P99Ms, 1)} ms against " +
                      $"{Format.Number(P99MsAfter, 1)} ms {after}; {Narrative.Shares(SharesStart, SharesAfter).Replace(" before,", " at the start,", StringComparison.Ordinal)}.");
        }
        if (warm)
        {
            lines.Add($"The first {Format.Span(s.Scenario.WarmUp.TotalSeconds)} (workload.warmUp) are left out of the request statistics " +
                      $"({Format.Integer(s.WarmUpRequests)} requests); the charts and the writes include them.");
        }
        else if (Differs)
        {
            lines.Add("Every figure above includes that start; set workload.warmUp to leave it out of the request statistics.");
        }
        return lines.Count == 0 ? null : string.Join(" ", lines);
    }
}

using ReplicaSim.Metrics;
using ReplicaSim.Model;

namespace ReplicaSim.Reporting;

/// <summary>What happened in a run, in plain words, for reports.</summary>
public static class Narrative
{
    public static IReadOnlyList<string> Of(RunSummary s)
    {
        var lines = new List<string>();
        var r = s.Requests;
        lines.Add("Times are when a request arrived at the load balancer; \"answered at\" marks when its response left.");
        lines.Add($"{Format.Integer(r.Total)} requests arrived over {Format.Span(s.SimulatedSeconds)}; {Format.Percent(s.Availability)} were answered without error (availability) and {Format.Percent(s.Correctness)} of those answers were right (correctness); {Format.Percent(s.OkShare)} of all requests got a correct answer.");
        if (StartCheck.Of(s)?.Sentence(s) is { } start)
        {
            lines.Add(start);
        }
        foreach (var a in s.FirstAnomalies)
        {
            var q = a.Request;
            var at = $"{q.Invoke} (answered at {q.Complete})";
            switch (q.Outcome)
            {
                case Outcome.Missing:
                    lines.Add($"The first missing record: a request arriving at {at}: client {q.Client} asked for record {q.Key} ({Describe(q.Op)}) and {a.ContainerName} answered \"not found\"," +
                              $" although its creation had been acknowledged. The record was in {a.Holder}.");
                    break;
                case Outcome.Stale:
                    lines.Add($"The first stale read: a request arriving at {at}: client {q.Client} read version {q.Version} of record {q.Key} through {a.ContainerName}, " +
                              $"but version {q.ExpectedVersion} had already been acknowledged.");
                    break;
                case Outcome.Error:
                    lines.Add($"The first error: a request arriving at {at}, from client {q.Client} failed: {Names.Describe(q.Reason)}.");
                    break;
            }
        }
        foreach (var (cause, at, writes) in s.LostByCause)
        {
            lines.Add($"At {at}, {Format.Integer(writes)} acknowledged write(s) were lost: {cause}.");
        }
        if (s.WritesLost == 0)
        {
            lines.Add($"No acknowledged write was lost ({Format.Integer(s.WritesAcknowledged)} acknowledged).");
        }
        else
        {
            lines.Add($"In all, {Format.Integer(s.WritesLost)} of {Format.Integer(s.WritesAcknowledged)} acknowledged writes were lost for good: no store and no backup holds them at the end.");
            var destroyed = s.LostByCause.Sum(l => l.Writes);
            if (destroyed > s.WritesLost)
            {
                lines.Add($"({Format.Integer(destroyed - s.WritesLost)} of the records hit were written again later by their owners; a newer acknowledged version supersedes a lost one.)");
            }
        }
        foreach (var d in s.Downtime)
        {
            lines.Add($"Down from {d.Start} to {d.End} ({Format.Span(d.Seconds)}): no request succeeded; {d.Cause}.");
        }
        foreach (var d in s.Degraded)
        {
            lines.Add($"Degraded from {d.Start} to {d.End} ({Format.Span(d.Seconds)}): some requests failed{(d.Cause.Length > 0 ? " after " + d.Cause : "")}.");
        }
        foreach (var i in s.Incidents)
        {
            var over = i.End is { } e ? $"its effect was over at {e}" : "its effect lasted to the end of the run";
            lines.Add($"Fault at {i.Start}: {i.Label}: {i.Detail}; {over}; {Recovery(i)}.");
        }
        return lines;
    }

    /// <summary>Whether answers came back to what they were before the fault, comparing every outcome's share.</summary>
    public static string Recovery(IncidentSummary i)
    {
        if (i.Recovered)
        {
            return i.SharesBefore is null
                ? $"its errors were over after {Format.Span(i.RecoverySeconds)} (too few requests before it to compare answers with)"
                : i.RecoverySeconds == 0
                    ? "answers stayed as before it (every outcome's share)"
                    : $"answers were as before it (every outcome's share) after {Format.Span(i.RecoverySeconds)}";
        }
        var when = i.NextFaultCutShort ? "before the next fault" : "in this run";
        return $"answers did not recover {when}: {Shares(i.SharesBefore, i.SharesAfter)}";
    }

    /// <summary>"correct answers 46.6 % before, 24.8 % after; missing 53.4 % before, 75.2 % after".</summary>
    public static string Shares(double[]? before, double[]? after)
    {
        if (before is null || after is null)
        {
            return "too few requests to compare";
        }
        string[] names = ["correct answers", "missing", "stale", "errors"];
        var parts = new List<string>();
        for (var o = 0; o < 4; o++)
        {
            if (o == 0 || Math.Abs(before[o] - after[o]) >= 0.005)
            {
                parts.Add($"{names[o]} {Format.Percent(before[o])} before, {Format.Percent(after[o])} after");
            }
        }
        return string.Join("; ", parts);
    }

    public static string Describe(Operation op) => op switch
    {
        Operation.Create => "signing up",
        Operation.ReadOwn => "opening their own profile",
        Operation.ReadAny => "looking at someone's profile",
        _ => "editing their profile",
    };
}

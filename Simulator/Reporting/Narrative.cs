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
        lines.Add($"{Format.Integer(r.Total)} requests arrived over {Format.Span(s.SimulatedSeconds)}; {Format.Percent(s.Availability)} were answered without error (availability) and {Format.Percent(s.Correctness)} of those answers were right (correctness); {Format.Percent(s.OkShare)} of all requests got a correct answer.");
        foreach (var a in s.FirstAnomalies)
        {
            var q = a.Request;
            var at = q.Complete;
            switch (q.Outcome)
            {
                case Outcome.Missing:
                    lines.Add($"The first missing record: at {at}, client {q.Client} asked for record {q.Key} ({Describe(q.Op)}) and {a.ContainerName} answered \"not found\"," +
                              $" although its creation had been acknowledged. The record was in {a.Holder}.");
                    break;
                case Outcome.Stale:
                    lines.Add($"The first stale read: at {at}, client {q.Client} read version {q.Version} of record {q.Key} through {a.ContainerName}, " +
                              $"but version {q.ExpectedVersion} had already been acknowledged.");
                    break;
                case Outcome.Error:
                    lines.Add($"The first error: at {at}, a request from client {q.Client} failed: {Names.Describe(q.Reason)}.");
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
            lines.Add($"Fault at {i.Start}: {i.Label}: {i.Detail}; {over}; requests succeeded as before after {Format.Span(i.RecoverySeconds)}.");
        }
        return lines;
    }

    public static string Describe(Operation op) => op switch
    {
        Operation.Create => "signing up",
        Operation.ReadOwn => "opening their own profile",
        Operation.ReadAny => "looking at someone's profile",
        _ => "editing their profile",
    };
}

using ReplicaSim.Engine;
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
        lines.Add($"{Counted(s)}; {Format.Percent(s.Availability)} were answered without error (availability) and {Format.Percent(s.Correctness)} of those answers were right (correctness); {Format.Percent(s.OkShare)} of all requests got a correct answer.");
        if (StartCheck.Of(s)?.Sentence(s) is { } start)
        {
            lines.Add(start);
        }
        // What happened at a time, in the order it happened; a fault before its effects (the windows start no earlier
        // than the fault they name, and an anomaly no earlier than the last fault before its answer).
        var timed = new List<Told>();
        foreach (var i in s.Incidents)
        {
            var over = i.End is { } e ? $"its effect was over at {e}" : "its effect lasted to the end of the run";
            timed.Add(new(i.Start, 0, $"Fault at {i.Start}: {i.Label}: {i.Detail}; {over}; {Recovery(i, s.Timeline.Bucket)}.", Told.Sort.Fault, i.Index, 0));
        }
        var faults = FaultNames(s);
        foreach (var d in s.Downtime)
        {
            timed.Add(new(d.Start, 1, $"Down from {d.Start} to {d.End} ({Format.Span(d.Seconds)}): no request succeeded; {d.Cause}.", Told.Sort.Down, FaultOf(faults, d.Cause), d.Seconds));
        }
        if (UnansweredDiffers(s))
        {
            foreach (var d in s.Unanswered)
            {
                timed.Add(new(d.Start, 1, $"No successful answer left the load balancer from {d.Start} to {d.End} ({Format.Span(d.Seconds)}, by completion time)" +
                    (d.Cause.Length > 0 ? $" after {d.Cause}" : "") + "; requests that arrived then and were answered late, after it, count as served in the windows by arrival.",
                    Told.Sort.Unanswered, FaultOf(faults, d.Cause), d.Seconds));
            }
        }
        foreach (var d in s.Degraded)
        {
            timed.Add(new(d.Start, 2, $"Degraded from {d.Start} to {d.End} ({Format.Span(d.Seconds)}): some requests failed{(d.Cause.Length > 0 ? " after " + d.Cause : "")}.",
                Told.Sort.Degraded, FaultOf(faults, d.Cause), d.Seconds));
        }
        // With a warm-up, the first anomalies are those after it (the warm-up's requests are not in the statistics).
        var afterWarmUp = s.Scenario.WarmUp.Microseconds > 0 ? " after the warm-up" : "";
        foreach (var a in s.FirstAnomalies)
        {
            var q = a.Request;
            var at = $"{q.Invoke} (answered at {q.Complete})";
            var line = q.Outcome switch
            {
                Outcome.Missing => $"The first missing record{afterWarmUp}: a request arriving at {at}: client {q.Client} asked for record {q.Key} ({Describe(q.Op)}) and {a.ContainerName} answered \"not found\"," +
                                   $" although its creation had been acknowledged. The record was in {a.Holder}.",
                Outcome.Stale => $"The first stale read{afterWarmUp}: a request arriving at {at}: client {q.Client} read version {q.Version} of record {q.Key} through {a.ContainerName}, " +
                                 $"but version {q.ExpectedVersion} had already been acknowledged.",
                Outcome.Error => $"The first error{afterWarmUp}: a request arriving at {at}, from client {q.Client} failed: {Names.Describe(q.Reason)}.",
                _ => null,
            };
            if (line is not null)
            {
                timed.Add(new(TellAt(s, q), 3, line, Told.Sort.Anomaly, -1, 0));
            }
        }
        for (var n = 0; n < s.LostByCause.Count; n++)
        {
            var (cause, at, writes) = s.LostByCause[n];
            var fault = n < s.LostEvents.Count && s.LostEvents[n].FaultIndex < s.Incidents.Count ? s.LostEvents[n].FaultIndex : -1;
            timed.Add(new(at, 4, $"At {at}, {Format.Integer(writes)} acknowledged write(s) were lost: {cause}.", Told.Sort.Lost, fault, writes));
        }
        if (timed.Count <= MaxTold)
        {
            lines.AddRange(InOrder(timed));
        }
        else
        {
            Grouped(s, timed, lines);
        }
        // Random faults may not come at all in a run shortened with --set duration=...: say which did not.
        var absent = s.Scenario.Faults.Select(f => Names.Of(f.Kind)).Distinct().Where(k => s.Incidents.All(i => i.Kind != k)).ToList();
        if (absent.Count > 0)
        {
            lines.Add($"The scenario's {string.Join(" and ", absent)} did not happen within this run's {Format.Span(s.SimulatedSeconds)}.");
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
        return lines;
    }

    /// <summary>
    /// The most timed lines (faults, windows, anomalies, losses) "What happened" lists one by one; beyond it (a year of
    /// random faults has hundreds) it tells each kind of fault in one line and lists the notable moments only.
    /// </summary>
    public const int MaxTold = 40;

    /// <summary>One timed line of "What happened", with what it tells of (a fault's index, or -1) and how much (seconds, writes).</summary>
    private sealed record Told(Instant At, int Rank, string Line, Told.Sort What, int Fault, double Size)
    {
        public enum Sort { Fault, Down, Unanswered, Degraded, Anomaly, Lost }
    }

    /// <summary>A stable sort: lines of one time and kind keep the order they were added in.</summary>
    private static IEnumerable<string> InOrder(IEnumerable<Told> told) =>
        told.Select((t, n) => (t, n)).OrderBy(x => x.t.At).ThenBy(x => x.t.Rank).ThenBy(x => x.n).Select(x => x.t.Line);

    /// <summary>Each fault's name as the windows' causes begin with it ("zone-outage az-a at 01:20:00.000").</summary>
    private static Dictionary<string, int> FaultNames(RunSummary s)
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var i in s.Incidents)
        {
            // Two faults of one name (two crashes timed at one instant): the latest, as the collector places a window.
            names[$"{i.Label} at {i.Start}"] = i.Index;
        }
        return names;
    }

    /// <summary>The fault a window's cause names ("deploy at 00:50:00.000: the database was down"), or -1.</summary>
    private static int FaultOf(Dictionary<string, int> names, string cause)
    {
        var end = cause.IndexOf(": ", StringComparison.Ordinal);
        return names.TryGetValue(end < 0 ? cause : cause[..end], out var index) ? index : -1;
    }

    /// <summary>
    /// A long run's "What happened": a line per kind of fault (how often, what it did in all), then the notable
    /// moments in time order (the first anomalies, the longest windows, the largest losses, the first fault of each
    /// kind and every fault one of those names), then what was left out and where to find it.
    /// </summary>
    private static void Grouped(RunSummary s, List<Told> timed, List<string> lines)
    {
        var byIndex = s.Incidents.ToDictionary(i => i.Index);
        string KindOf(int fault) => byIndex.TryGetValue(fault, out var i) ? i.Kind : "";
        var kinds = s.Incidents.Select(i => i.Kind).Distinct().ToList();
        var things = new List<string>();
        void Count(Told.Sort what, string one, string many)
        {
            var n = timed.Count(t => t.What == what);
            if (n > 0)
            {
                things.Add($"{Format.Integer(n)} {(n == 1 ? one : many)}");
            }
        }
        Count(Told.Sort.Fault, "fault", "faults");
        Count(Told.Sort.Down, "downtime window", "downtime windows");
        Count(Told.Sort.Unanswered, "window without answers", "windows without answers");
        Count(Told.Sort.Degraded, "degraded window", "degraded windows");
        Count(Told.Sort.Lost, "loss of acknowledged writes", "losses of acknowledged writes");
        lines.Add($"Too much happened to tell each on a line of its own ({string.Join(", ", things)}): " +
                  (kinds.Count > 0 ? "first each kind of fault in one line, then" : "here are") +
                  " the notable moments in the order they happened. summary.json lists every one (faults, writes.lostEvents, downtime.windows, degraded.windows).");
        // What the windows and losses of a set of faults came to: "3 of them took the app down (2 min 03 s in all), ...".
        List<string> Effects(Func<int, bool> ofThese, bool one)
        {
            var parts = new List<string>();
            var who = one ? "it" : "of them";
            void Windows(Told.Sort what, string did)
            {
                var windows = timed.Where(t => t.What == what && ofThese(t.Fault)).ToList();
                if (windows.Count > 0)
                {
                    var times = windows.Select(t => t.Fault).Distinct().Count();
                    var total = Format.Span(windows.Sum(t => t.Size));
                    parts.Add(one ? $"{did} ({Format.Integer(windows.Count)} window{(windows.Count == 1 ? "" : "s")}, {total} in all)"
                                  : $"{Format.Integer(times)} {who} {did} ({total} in all)");
                }
            }
            Windows(Told.Sort.Down, "took the app down");
            Windows(Told.Sort.Unanswered, "left the load balancer without a successful answer");
            Windows(Told.Sort.Degraded, "degraded it");
            var losses = timed.Where(t => t.What == Told.Sort.Lost && ofThese(t.Fault)).ToList();
            if (losses.Count > 0)
            {
                var writes = Format.Integer((long)losses.Sum(t => t.Size));
                parts.Add(one ? $"destroyed {writes} acknowledged writes"
                              : $"{Format.Integer(losses.Select(t => t.Fault).Distinct().Count())} {who} destroyed acknowledged writes ({writes} writes in all)");
            }
            return parts;
        }
        foreach (var kind in kinds)
        {
            var all = s.Incidents.Where(i => i.Kind == kind).ToList();
            var one = all.Count == 1;
            var parts = Effects(f => KindOf(f) == kind, one);
            if (parts.Count == 0)
            {
                parts.Add(one ? "it took nothing down, degraded nothing and destroyed no acknowledged write"
                              : "none took the app down, degraded it or destroyed an acknowledged write");
            }
            var when = one ? $"once, at {all[0].Start}" : $"{Format.Integer(all.Count)} times, from {all[0].Start} to {all[^1].Start}";
            lines.Add($"{kind}, {when}: {string.Join(", ", parts)}; {RecoveryOf(all, s.Timeline.Bucket)}.");
        }
        // Windows and losses whose cause names no fault (an overload, say) are counted on a line of their own.
        var unattributed = new List<string>();
        void Unattributed(Told.Sort what, string how)
        {
            var windows = timed.Where(t => t.What == what && t.Fault < 0).ToList();
            if (windows.Count > 0)
            {
                unattributed.Add($"{how} in {Format.Integer(windows.Count)} window{(windows.Count == 1 ? "" : "s")} ({Format.Span(windows.Sum(t => t.Size))} in all)");
            }
        }
        Unattributed(Told.Sort.Down, "the app was down");
        Unattributed(Told.Sort.Unanswered, "no successful answer left the load balancer");
        Unattributed(Told.Sort.Degraded, "the app was degraded");
        var lost = timed.Where(t => t.What == Told.Sort.Lost && t.Fault < 0).ToList();
        if (lost.Count > 0)
        {
            unattributed.Add($"{Format.Integer((long)lost.Sum(t => t.Size))} acknowledged writes were destroyed at {Format.Integer(lost.Count)} moment{(lost.Count == 1 ? "" : "s")}");
        }
        if (unattributed.Count > 0)
        {
            lines.Add($"Not tied to any fault: {string.Join("; ", unattributed)}.");
        }
        // The notable moments: every anomaly line, the longest windows of each sort and the largest losses, the faults
        // they name, and the first fault of each kind.
        var kept = new HashSet<Told>(ReferenceEqualityComparer.Instance);
        void Largest(Told.Sort what, int count)
        {
            foreach (var t in timed.Where(t => t.What == what).OrderByDescending(t => t.Size).ThenBy(t => t.At).Take(count))
            {
                kept.Add(t);
            }
        }
        Largest(Told.Sort.Anomaly, int.MaxValue);
        Largest(Told.Sort.Down, 5);
        Largest(Told.Sort.Unanswered, 3);
        Largest(Told.Sort.Degraded, 3);
        Largest(Told.Sort.Lost, 3);
        var faultsKept = kept.Where(t => t.Fault >= 0).Select(t => t.Fault).ToHashSet();
        foreach (var kind in s.Incidents.Select(i => i.Kind).Distinct())
        {
            faultsKept.Add(s.Incidents.First(i => i.Kind == kind).Index);
        }
        foreach (var t in timed.Where(t => t.What == Told.Sort.Fault && faultsKept.Contains(t.Fault)))
        {
            kept.Add(t);
        }
        lines.AddRange(InOrder(timed.Where(kept.Contains)));
        var left = new List<string>();
        void Left(Told.Sort what, string one, string many)
        {
            var n = timed.Count(t => t.What == what && !kept.Contains(t));
            if (n > 0)
            {
                left.Add($"{Format.Integer(n)} {(n == 1 ? one : many)}");
            }
        }
        Left(Told.Sort.Fault, "fault", "faults");
        Left(Told.Sort.Down, "shorter downtime window", "shorter downtime windows");
        Left(Told.Sort.Unanswered, "shorter window without answers", "shorter windows without answers");
        Left(Told.Sort.Degraded, "shorter degraded window", "shorter degraded windows");
        Left(Told.Sort.Lost, "smaller loss of writes", "smaller losses of writes");
        if (left.Count > 0)
        {
            lines.Add($"Not listed above: {string.Join(", ", left)}; the lines before the notable moments count them, and summary.json lists them.");
        }
    }

    /// <summary>
    /// Whether answers came back after a kind's faults: "answers came back to what they were before 120 of them (the
    /// slowest after 1 min 05 s); the next fault came first after 260; they had not by the end after 1".
    /// </summary>
    private static string RecoveryOf(IReadOnlyList<IncidentSummary> all, Duration bucket)
    {
        var one = all.Count == 1;
        var recovered = all.Where(i => i.Recovered).ToList();
        var unjudged = all.Count(i => Unjudged(i, bucket));
        var cut = all.Count(i => !i.Recovered && i.NextFaultCutShort && !Unjudged(i, bucket));
        var never = all.Count - recovered.Count - cut - unjudged;
        var parts = new List<string>();
        if (recovered.Count > 0)
        {
            var slowest = recovered.Max(i => i.RecoverySeconds);
            var which = one ? "it" : recovered.Count == all.Count ? "each of them" : $"{Format.Integer(recovered.Count)} of them";
            parts.Add($"answers came back to what they were before {which}{(slowest > 0 ? $" ({(recovered.Count == 1 ? "" : "the slowest ")}after {Format.Span(slowest)})" : "")}");
        }
        if (unjudged > 0)
        {
            parts.Add($"answers could not be compared after {(one ? "it" : $"{Format.Integer(unjudged)} of them")} " +
                      $"(this run counts requests in {Format.Span(bucket.TotalSeconds)} buckets, too coarse for the short stretch that followed)");
        }
        if (cut > 0)
        {
            parts.Add(one ? "the next fault came before answers were back to what they were before it"
                          : $"the next fault came before answers were back after {Format.Integer(cut)} of them");
        }
        if (never > 0)
        {
            parts.Add(one ? "answers were not back to what they were before it by the end of the run"
                          : $"answers were not back by the end of the run after {Format.Integer(never)} of them");
        }
        return string.Join("; ", parts);
    }

    /// <summary>
    /// When to tell of an anomalous request: at its arrival, as every time in the reports, but not before the last fault
    /// before its answer: it may have set out just before the fault behind it, which is told first.
    /// </summary>
    public static Instant TellAt(RunSummary s, in RequestRecord q)
    {
        var fault = Instant.Start;
        foreach (var i in s.Incidents)
        {
            if (i.Start <= q.Complete && i.Start > fault)
            {
                fault = i.Start;
            }
        }
        return q.Invoke > fault ? q.Invoke : fault;
    }

    /// <summary>
    /// The requests the figures count, and those they leave out: the warm-up's, and those still in flight at the end.
    /// </summary>
    private static string Counted(RunSummary s)
    {
        var counted = Format.Integer(s.Requests.Total);
        if (s.WarmUpRequests == 0 && s.InFlightAtEnd == 0)
        {
            return $"{counted} requests arrived over {Format.Span(s.SimulatedSeconds)}";
        }
        var left = new List<string>();
        if (s.WarmUpRequests > 0)
        {
            left.Add($"{Format.Integer(s.WarmUpRequests)} that arrived in the warm-up (its first {Format.Span(s.Scenario.WarmUp.TotalSeconds)})");
        }
        if (s.InFlightAtEnd > 0)
        {
            left.Add($"{Format.Integer(s.InFlightAtEnd)} still in flight at the end");
        }
        return $"{Format.Integer(s.Requests.Total + s.WarmUpRequests + s.InFlightAtEnd)} requests arrived over {Format.Span(s.SimulatedSeconds)}; " +
               $"the figures count {counted} of them, leaving out {string.Join(" and ", left)}";
    }

    /// <summary>
    /// Whether downtime by completion time (no successful answer) differs from downtime by arrival by more than a
    /// second and a tenth, so that the reports show both: requests answered late, after an outage, count as served
    /// by arrival; a stretch of intermittent errors while answers kept coming is downtime by arrival only.
    /// </summary>
    public static bool UnansweredDiffers(RunSummary s) => UnansweredDiffers(s.DowntimeSeconds, s.UnansweredSeconds);

    /// <summary>The rule of <see cref="UnansweredDiffers(RunSummary)"/> on the two figures (a sweep's means, say).</summary>
    public static bool UnansweredDiffers(double downtimeSeconds, double unansweredSeconds) =>
        Math.Abs(unansweredSeconds - downtimeSeconds) > Math.Max(1.0, 0.1 * Math.Max(unansweredSeconds, downtimeSeconds));

    /// <summary>Whether answers came back to what they were before the fault, comparing every outcome's share.</summary>
    public static string Recovery(IncidentSummary i, Duration bucket)
    {
        // "Before" is the stretch before an earlier fault when answers had not recovered from it since: say which.
        var against = i.BaselineOf.Length > 0 ? $" (compared with before {i.BaselineOf}, the last time answers were settled)" : "";
        if (i.Recovered && i.SharesBefore is { } before && i.SharesAfter is { } after && after[(int)Outcome.Ok] - before[(int)Outcome.Ok] > 0.01)
        {
            // No worse, and clearly better: say so rather than "as before".
            return (i.RecoverySeconds == 0 ? "answers got better than before it" : $"answers were better than before it after {Format.Span(i.RecoverySeconds)}") +
                   $"{against}: {Shares(before, after)}";
        }
        if (i.Recovered)
        {
            return i.SharesBefore is null
                ? $"its errors were over after {Format.Span(i.RecoverySeconds)} (too few requests before it to compare answers with)"
                : i.RecoverySeconds == 0
                    ? $"answers stayed as before it (every outcome's share){against}"
                    : $"answers were as before it (every outcome's share) after {Format.Span(i.RecoverySeconds)}{against}";
        }
        if (Unjudged(i, bucket))
        {
            return $"answers after it could not be compared with before: this run counts requests in {Format.Span(bucket.TotalSeconds)} buckets, " +
                   $"too coarse for the stretch before {(i.NextFaultCutShort ? "the next fault" : "the end of the run")}";
        }
        var when = i.NextFaultCutShort ? "before the next fault" : "in this run";
        return $"answers did not recover {when}{against}: {Shares(i.SharesBefore, i.SharesAfter)}";
    }

    /// <summary>
    /// Not recovered only because nothing could be compared after the fault: a long run's timeline buckets (a year's are
    /// hours long) are longer than the recovery window, and the next fault (or the end) came within a bucket or two.
    /// </summary>
    public static bool Unjudged(IncidentSummary i, Duration bucket) =>
        !i.Recovered && i.SharesBefore is not null && i.SharesAfter is null && bucket >= RunCollector.RecoveryWindow;

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

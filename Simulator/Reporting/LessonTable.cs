using ReplicaSim.Metrics;
using ReplicaSim.Model;

namespace ReplicaSim.Reporting;

/// <summary>
/// The lesson's table ("what happens with several containers, on restarts and deploys, backups, failover")
/// filled in from what one run showed: every cell states what happened in the run, names the fault behind
/// it, and says so when the situation did not occur.
/// </summary>
public static class LessonTable
{
    public static IReadOnlyList<(string Label, Func<RunSummary, string> Cell)> Rows { get; } =
    [
        ("where the data lives", WhereTheDataLives),
        ("several containers", SeveralContainers),
        ("records lost, then asked for", AfterDataLoss),
        ("containers stopped (restarts, deploys, crashes, zone outages)", ContainersStopped),
        ("backups", Backups),
        ("failover", Failover),
        ("cost per month", r => r.Cost.MonthlyUsd == 0 ? "free" : Format.Usd(r.Cost.MonthlyUsd)),
    ];

    public static string WhereTheDataLives(RunSummary r) => DatabaseText.WhereDataLives(r.Scenario);

    /// <summary>Most replicas the run asked for at once (the scenario's count, or a scale fault's).</summary>
    public static int MostReplicas(RunSummary r)
    {
        var most = r.Scenario.Service.Replicas;
        foreach (var f in r.Scenario.Faults)
        {
            if (f.Kind == FaultKind.Scale && f.Replicas is { } n)
            {
                most = Math.Max(most, n);
            }
        }
        return most;
    }

    public static string SeveralContainers(RunSummary r)
    {
        var n = r.ViolationsHeldElsewhere;
        if (n > 0)
        {
            return r.Scenario.Storage.Kind == StorageKind.SqlitePerContainer
                ? $"{Format.Integer(n)} wrong answers: the record was in another container's file"
                : $"{Format.Integer(n)} wrong answers from a copy that was behind ({BehindCopies(r.Scenario)})";
        }
        if (MostReplicas(r) < 2)
        {
            return "one container in this run";
        }
        return r.Scenario.Storage.Kind == StorageKind.SqlitePerContainer
            ? $"no wrong answer in this run ({MostReplicas(r)} containers)"
            : $"consistent: {MostReplicas(r)} containers share one store";
    }

    private static string BehindCopies(Scenario s)
    {
        var copies = new List<string>();
        if (s.Cache is not null)
        {
            copies.Add("the cache");
        }
        if (s.Storage.ReadFrom == ReadFrom.Replicas)
        {
            copies.Add(s.Storage.Kind == StorageKind.Shared || s.Storage.Kind == StorageKind.Ec2PostgreSql ? "a read replica" : "a reader");
        }
        if (s.Storage.Design.EventualReads && !s.Storage.ConsistentReads)
        {
            copies.Add("an eventually consistent read");
        }
        return copies.Count == 0 ? "a copy that lagged" : string.Join(" or ", copies);
    }

    public static string AfterDataLoss(RunSummary r)
    {
        var n = r.ViolationsAfterDataLoss;
        if (n == 0)
        {
            return r.LostEvents.Count == 0 ? "no data lost in this run" : "none asked for";
        }
        var faults = r.LostEvents.Where(e => e.FaultIndex >= 0).Select(e => FaultName(r, e.FaultIndex)).Distinct().ToList();
        return $"{Format.Integer(n)} wrong answers" + (faults.Count > 0 ? $" after {Listed(faults, 3, ", ")}" : "");
    }

    public static string ContainersStopped(RunSummary r)
    {
        var hits = r.Incidents.Where(i => RunCollector.StopsContainers(i.FaultKind) && !i.Detail.StartsWith("no running container", StringComparison.Ordinal)).ToList();
        if (hits.Count == 0)
        {
            return "no container stopped in this run";
        }
        var lost = hits.Sum(i => i.WritesLost);
        var names = Names(hits);
        if (lost == 0)
        {
            return $"no data lost ({names})";
        }
        var worst = hits.Where(i => i.WritesLost > 0).Select(i => $"{i.Label} at {i.Start}").ToList();
        return $"{Format.Integer(lost)} writes lost ({string.Join(", ", worst.Take(3))}{(worst.Count > 3 ? $" and {worst.Count - 3} more" : "")})";
    }

    public static string Backups(RunSummary r)
    {
        var st = r.Scenario.Storage;
        var what = st.Kind == StorageKind.SqliteSharedFile && st.BackupInterval.Microseconds > 0
            ? $"a copy of the file every {st.BackupInterval} (set in the scenario)"
            : DatabaseText.Backups(r.Scenario);
        var restores = r.Incidents.Where(i => i.FaultKind == FaultKind.StorageLoss).ToList();
        if (restores.Count == 0)
        {
            return what + "; no storage loss in this run";
        }
        var parts = restores.Select(i => i.Detail.StartsWith("no shared store", StringComparison.Ordinal)
            ? $"the storage-loss at {i.Start} had no shared store to hit"
            : $"the restore at {i.Start} lost {Format.Integer(i.WritesLost)} writes ({RestoredFrom(r, i)})");
        return what + "; " + Listed([.. parts], 4, "; ");
    }

    private static string RestoredFrom(RunSummary r, IncidentSummary i)
    {
        var cause = r.LostEvents.FirstOrDefault(e => e.FaultIndex == i.Index)?.Cause ?? "";
        var colon = cause.IndexOf(": ", StringComparison.Ordinal);
        return colon >= 0 ? cause[(colon + 2)..] : "nothing was restored";
    }

    public static string Failover(RunSummary r)
    {
        var design = r.Scenario.Storage.Design;
        if (!design.IsServer)
        {
            return "none (no database server)";
        }
        var what = DatabaseText.Failover(r.Scenario);
        if (!design.HasInstance)
        {
            return what;
        }
        var failures = r.DatabaseEvents.Where(e => WriterFailed(e.What)).ToList();
        if (failures.Count == 0)
        {
            return what + "; the primary did not fail in this run";
        }
        var parts = new List<string>();
        foreach (var (at, text) in failures)
        {
            var back = r.DatabaseEvents.FirstOrDefault(e => e.At >= at && WriterServes(e.What));
            var took = back.What is null ? "not back by the end of the run" : Format.Span((back.At - at).TotalSeconds);
            parts.Add(text switch
            {
                _ when text.Contains("to the standby", StringComparison.Ordinal) => $"the standby took over {took} after the primary failed at {at}",
                _ when text.Contains("promotes the replica", StringComparison.Ordinal) || text.Contains("to the reader", StringComparison.Ordinal)
                    => $"a reader took over {took} after the writer failed at {at}",
                _ when text.Contains("a new writer starts", StringComparison.Ordinal) => $"no reader: a new writer served {took} after the writer failed at {at}",
                _ when text.Contains("promotes the standby", StringComparison.Ordinal)
                    => $"the primary failed at {at}; nobody failed over automatically: someone promoted the standby, {took} later",
                _ when text.Contains("someone notices", StringComparison.Ordinal) && back.What?.Contains("with its zone", StringComparison.Ordinal) == true
                    => $"the primary failed at {at}; nobody failed over: down {took}, until its zone was back (it went down while the primary waited for someone to restart it)",
                _ when text.Contains("someone notices", StringComparison.Ordinal) => $"the primary failed at {at}; nobody failed over: down {took} until someone restarted it",
                _ => $"the primary failed at {at}, no standby: down {took}",
            });
        }
        return what + "; " + Listed(parts, 4, "; ");
    }

    /// <summary>A database event that says the writer (primary) stopped serving.</summary>
    public static bool WriterFailed(string what) =>
        (what.StartsWith("the primary", StringComparison.Ordinal) || what.StartsWith("the writer", StringComparison.Ordinal))
        && (what.Contains("failed", StringComparison.Ordinal) || what.Contains("is down", StringComparison.Ordinal));

    private static bool WriterServes(string what) =>
        what.Contains("new primary", StringComparison.Ordinal) || what.Contains("new writer in", StringComparison.Ordinal)
        || what.Contains("is the new writer", StringComparison.Ordinal) || what.Contains("has recovered", StringComparison.Ordinal)
        || what.Contains("is back", StringComparison.Ordinal) || what.Contains("restored from backup and serving", StringComparison.Ordinal);

    private static string FaultName(RunSummary r, int index) =>
        index >= 0 && index < r.Incidents.Count ? $"{r.Incidents[index].Label} at {r.Incidents[index].Start}" : "an unknown cause";

    /// <summary>The first <paramref name="max"/> items, then how many more (a year's cell names four failures, not all of them).</summary>
    private static string Listed(IReadOnlyList<string> items, int max, string joiner) =>
        string.Join(joiner, items.Take(max)) + (items.Count > max ? $"{(joiner == ", " ? "" : joiner.TrimEnd())} and {items.Count - max} more" : "");

    private static string Names(IReadOnlyList<IncidentSummary> hits)
    {
        var groups = hits.GroupBy(i => i.Label).Select(g => g.Count() == 1 ? $"{g.Key} at {g.First().Start}" : $"{g.Count()} x {g.Key}").ToList();
        return string.Join(", ", groups.Take(4)) + (groups.Count > 4 ? $" and {groups.Count - 4} more" : "");
    }
}

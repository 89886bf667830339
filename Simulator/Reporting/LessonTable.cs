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
        ("restarts and deploys", RestartsAndDeploys),
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
                : $"{Format.Integer(n)} wrong answers from a copy that was behind (a read replica, a cache or an eventually consistent read)";
        }
        if (MostReplicas(r) < 2)
        {
            return "one container in this run";
        }
        return r.Scenario.Storage.Kind == StorageKind.SqlitePerContainer
            ? $"no wrong answer in this run ({MostReplicas(r)} containers)"
            : $"consistent: {MostReplicas(r)} containers share one store";
    }

    public static string AfterDataLoss(RunSummary r)
    {
        var n = r.ViolationsAfterDataLoss;
        if (n == 0)
        {
            return r.LostEvents.Count == 0 ? "no data lost in this run" : "none asked for";
        }
        var faults = r.LostEvents.Where(e => e.FaultIndex >= 0).Select(e => FaultName(r, e.FaultIndex)).Distinct().ToList();
        return $"{Format.Integer(n)} wrong answers" + (faults.Count > 0 ? $" after {string.Join(", ", faults)}" : "");
    }

    public static string RestartsAndDeploys(RunSummary r)
    {
        var hits = r.Incidents.Where(i => RunCollector.StopsContainers(i.FaultKind) && !i.Detail.StartsWith("no running container", StringComparison.Ordinal)).ToList();
        if (hits.Count == 0)
        {
            return "no restart or deploy in this run";
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
        var what = st.Kind == StorageKind.SqlitePerContainer || st.BackupInterval.Microseconds == 0
            ? "none"
            : st.Kind == StorageKind.Shared ? $"automatic, every {st.BackupInterval}" : $"a copy of the file every {st.BackupInterval} (set in the scenario)";
        var restores = r.Incidents.Where(i => i.FaultKind == FaultKind.StorageLoss).ToList();
        if (restores.Count == 0)
        {
            return what + "; no storage loss in this run";
        }
        var parts = restores.Select(i => i.Detail.StartsWith("no shared store", StringComparison.Ordinal)
            ? $"the storage-loss at {i.Start} had no shared store to hit"
            : $"the restore at {i.Start} lost {Format.Integer(i.WritesLost)} writes ({RestoredFrom(r, i)})");
        return what + "; " + string.Join("; ", parts);
    }

    private static string RestoredFrom(RunSummary r, IncidentSummary i)
    {
        var cause = r.LostEvents.FirstOrDefault(e => e.FaultIndex == i.Index)?.Cause ?? "";
        var colon = cause.IndexOf(": ", StringComparison.Ordinal);
        return colon >= 0 ? cause[(colon + 2)..] : "nothing was restored";
    }

    public static string Failover(RunSummary r)
    {
        var st = r.Scenario.Storage;
        var standby = st.Kind == StorageKind.Shared && st.Standby;
        var what = standby ? "Multi-AZ standby" : "none";
        if (st.Kind != StorageKind.Shared)
        {
            return what + " (no database server)";
        }
        var failures = r.DatabaseEvents.Where(e => e.What.StartsWith("the primary", StringComparison.Ordinal)
                                                && (e.What.Contains("failed", StringComparison.Ordinal) || e.What.Contains("is down", StringComparison.Ordinal))).ToList();
        if (failures.Count == 0)
        {
            return what + "; the primary did not fail in this run";
        }
        var parts = new List<string>();
        foreach (var (at, text) in failures)
        {
            var back = r.DatabaseEvents.FirstOrDefault(e => e.At >= at && (e.What.Contains("new primary", StringComparison.Ordinal) || e.What.Contains("recovered", StringComparison.Ordinal) || e.What.Contains("is back", StringComparison.Ordinal)));
            var took = back.What is null ? "not back by the end of the run" : Format.Span((back.At - at).TotalSeconds);
            parts.Add(text.Contains("failing over", StringComparison.Ordinal)
                ? $"the standby took over {took} after the primary failed at {at}"
                : $"the primary failed at {at}, no standby: down {took}");
        }
        return what + "; " + string.Join("; ", parts);
    }

    private static string FaultName(RunSummary r, int index) =>
        index >= 0 && index < r.Incidents.Count ? $"{r.Incidents[index].Label} at {r.Incidents[index].Start}" : "an unknown cause";

    private static string Names(IReadOnlyList<IncidentSummary> hits)
    {
        var groups = hits.GroupBy(i => i.Label).Select(g => g.Count() == 1 ? $"{g.Key} at {g.First().Start}" : $"{g.Count()} x {g.Key}").ToList();
        return string.Join(", ", groups.Take(4)) + (groups.Count > 4 ? $" and {groups.Count - 4} more" : "");
    }
}

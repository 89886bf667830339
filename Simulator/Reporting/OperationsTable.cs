using ReplicaSim.Metrics;
using ReplicaSim.Model;

namespace ReplicaSim.Reporting;

/// <summary>
/// The lesson's "RDS vs Self-Managed Database" table, row by row, from what a run measured: for each chore, who
/// does it, the incidents of the run that belong to it with their downtime, degraded time and lost writes, and the
/// team's hours (routine per month + hands-on time during those incidents); then infrastructure + operations = total.
/// </summary>
public static class OperationsTable
{
    /// <summary>The rows: the lesson's task, what the lesson says, the fault kinds that belong to it and the chore of the profile.</summary>
    public static IReadOnlyList<(string Task, string Lesson, FaultKind[] Kinds, string Chore)> Tasks { get; } =
    [
        ("Install database", "RDS: AWS; EC2: you", [], "install database"),
        ("Apply security patches", "RDS: AWS; EC2: you (every month)", [FaultKind.Maintenance], "apply security patches"),
        ("Set up backups", "RDS: AWS; EC2: you (cron jobs)", [FaultKind.StorageLoss], "set up backups"),
        ("Handle failover", "RDS: AWS; EC2: you (complex)", [FaultKind.DatabaseFailure, FaultKind.ZoneOutage], "handle failover"),
        ("Monitor disk space", "RDS: AWS; EC2: you (alerts)", [FaultKind.DiskFull], "monitor disk space"),
        ("Scale up", "RDS: click button; EC2: you (painful)", [FaultKind.ScaleDatabase], "scale up"),
        ("Security group (lesson: Security layers)", "allow 5432 from ECS only: yours on both", [FaultKind.SecurityGroupChange, FaultKind.IamTokenExpiry], ""),
    ];

    /// <summary>The table's heading in report.md and report.html.</summary>
    public const string Title = "RDS vs self-managed, measured";

    /// <summary>The sentence above the table: what its cells hold and the hourly rate.</summary>
    public static string Intro(IReadOnlyList<RunSummary> runs)
    {
        var rates = runs.Select(r => r.Cost.Operations?.HourlyUsd).Where(x => x is not null).Distinct().ToList();
        return "The lesson's \"RDS vs Self-Managed Database\" table, row by row: who does it, what its incidents did in this run " +
               "(downtime, lost writes) and the team's hours (routine per month, assumptions of README.md, plus hands-on time during the run's incidents, " +
               "spread over its months when the run is longer than one), " +
               $"at {string.Join(" / ", rates.Select(x => Format.Usd(x!.Value)))} an hour (cost.operatorHourlyUsd).";
    }

    /// <summary>"Ranked by total cost per month (infrastructure + operations), cheapest first: 1. a $89, 2. b $108."</summary>
    public static string Ranking(IReadOnlyList<RunSummary> runs) =>
        "Ranked by total cost per month (infrastructure + operations), cheapest first: " +
        string.Join(", ", RankedByTotal(runs).Select((r, i) => $"{i + 1}. {Charts.VariantName(r)} {Format.Usd(r.Cost.TotalUsd)}")) + ".";

    /// <summary>Whether any of the runs counts the team's time (the table is shown then).</summary>
    public static bool Applies(IReadOnlyList<RunSummary> runs) => runs.Any(r => r.Cost.Operations is not null);

    /// <summary>Rows of (label, one cell per run).</summary>
    public static IReadOnlyList<(string Label, IReadOnlyList<string> Cells)> Rows(IReadOnlyList<RunSummary> runs)
    {
        var rows = new List<(string, IReadOnlyList<string>)>();
        foreach (var (task, lesson, kinds, chore) in Tasks)
        {
            rows.Add(($"{task} ({lesson})", [.. runs.Select(r => Cell(r, kinds, chore))]));
        }
        rows.Add(("team's hours per month", [.. runs.Select(r => r.Cost.Operations is { } o ? SummaryTable.Hours(o) : "-")]));
        rows.Add(("downtime, all causes", [.. runs.Select(r => $"{Format.Span(r.DowntimeSeconds)} down, {Format.Span(r.DegradedSeconds)} degraded")]));
        rows.Add(("acknowledged writes lost", [.. runs.Select(r => Format.Integer(r.WritesLost))]));
        rows.Add(("per month: infrastructure + operations = total", [.. runs.Select(Total)]));
        return rows;
    }

    public static string Total(RunSummary r) => r.Cost.Operations is { } o
        ? $"{Format.Usd(r.Cost.MonthlyUsd)} + {Format.Usd(o.Usd)} = **{Format.Usd(r.Cost.TotalUsd)}**"
        : Format.Usd(r.Cost.MonthlyUsd);

    /// <summary>Runs ordered by total cost per month (infrastructure + operations), cheapest first; ties keep their order.</summary>
    public static IReadOnlyList<RunSummary> RankedByTotal(IReadOnlyList<RunSummary> runs) => [.. runs.OrderBy(r => Math.Round(r.Cost.TotalUsd, 2))];

    /// <summary>One cell: who does the chore, what its incidents did in this run, and the hours.</summary>
    public static string Cell(RunSummary r, FaultKind[] kinds, string chore)
    {
        var s = r.Scenario;
        var routine = r.Cost.Operations?.Profile.Items.FirstOrDefault(i => i.Chore == chore).Hours ?? 0;
        var mine = r.Incidents.Where(i => kinds.Contains(i.FaultKind)).ToList();
        var incidentHours = 0.0;
        if (r.Cost.Operations is { } ops)
        {
            foreach (var i in mine)
            {
                incidentHours += ops.Incidents.Where(x => x.Incident == $"{i.Label} at {i.Start}").Sum(x => x.Hours);
            }
            incidentHours /= ops.Months;
        }
        var who = Who(s, kinds, chore);
        var hours = $"{Format.Number(routine + incidentHours, 1)} h";
        if (kinds.Length == 0)
        {
            return $"{who}; {hours}";
        }
        var happened = mine.Where(i => i.End is null || i.End > i.Start).ToList();
        var volume = kinds.Contains(FaultKind.DiskFull) ? r.Database?.Volume : null;
        if (happened.Count == 0)
        {
            var what = kinds.Contains(FaultKind.StorageLoss) ? DatabaseText.Backups(s) + "; no storage loss in this run"
                : mine.Count > 0 ? $"nothing to do here ({mine[0].Detail})"
                : volume is { Growths.Count: > 0 } ? $"{Growths(volume)}, never full, down 0 ms, 0 writes refused"
                : volume is not null ? $"the {DatabaseText.Gib(volume.InitialGiB)} volume never needed to grow"
                : FailedOverFor(r, kinds) is { Length: > 0 } planned ? $"no failure in this run, but the database failed over for {planned} (their rows)"
                : "not in this run";
            return $"{who}; {what}; {hours}";
        }
        var down = 0.0;
        var degraded = 0.0;
        foreach (var i in happened)
        {
            var name = $"{i.Label} at {i.Start}";
            down += r.Downtime.Where(w => w.Cause.StartsWith(name, StringComparison.Ordinal)).Sum(w => w.Seconds);
            degraded += r.Degraded.Where(w => w.Cause.StartsWith(name, StringComparison.Ordinal)).Sum(w => w.Seconds);
        }
        var lost = happened.Sum(i => i.WritesLost);
        var parts = new List<string> { $"{happened.Count} x", $"down {Format.Span(down)}" };
        if (degraded > 0)
        {
            parts.Add($"degraded {Format.Span(degraded)}");
        }
        if (kinds.Contains(FaultKind.DiskFull))
        {
            var full = r.ErrorsByReason.FirstOrDefault(e => e.Reason == ErrorReason.StorageFull).Count;
            parts.Add($"{Format.Integer(full)} writes refused (storage full)");
            if (volume is { Growths.Count: > 0 })
            {
                parts.Add(Growths(volume));
            }
        }
        parts.Add($"{Format.Integer(lost)} writes lost");
        return $"{who}: {string.Join(", ", parts)}; {hours}";
    }

    /// <summary>
    /// For the failover row: the other faults of the run after which the database failed over (a patch or a class change
    /// applied to the Multi-AZ standby first), by name ("maintenance and scale-database"); empty when none did.
    /// </summary>
    private static string FailedOverFor(RunSummary r, FaultKind[] kinds) => !kinds.Contains(FaultKind.DatabaseFailure) ? ""
        : string.Join(" and ", r.Incidents.Where(i => !kinds.Contains(i.FaultKind) && i.Detail.Contains("fails over", StringComparison.Ordinal))
            .Select(i => Names.Of(i.FaultKind)).Distinct());

    /// <summary>"grown 2 x (20 -> 30 -> 40 GiB, by storage autoscaling)".</summary>
    private static string Growths(VolumeSpaceSummary v)
    {
        var sizes = string.Join(" -> ", new[] { DatabaseText.Gib(v.InitialGiB) }.Concat(v.Growths.Select(g => DatabaseText.Gib(g.ToGiB))));
        var by = v.Growths.All(g => g.Autoscaling) ? "by storage autoscaling" : v.Growths.All(g => !g.Autoscaling) ? "by hand" : "by autoscaling and by hand";
        return $"grown {v.Growths.Count} x ({sizes}, {by})";
    }

    private static string Who(Scenario s, FaultKind[] kinds, string chore)
    {
        var design = s.Storage.Design;
        if (!design.IsServer)
        {
            return "nothing to run (SQLite)";
        }
        if (kinds.Contains(FaultKind.SecurityGroupChange))
        {
            return "you";
        }
        if (kinds.Contains(FaultKind.DiskFull))
        {
            return s.Storage.Autoscaling ? "AWS (storage autoscaling)" : design.Placement == CopyPlacement.InstanceVolume ? "you (alerts)" : "AWS (grows by itself)";
        }
        if (chore == "set up backups")
        {
            return design.Backup == BackupMode.Snapshot ? "you (cron)" : "AWS";
        }
        return s.Storage.Kind == StorageKind.Ec2PostgreSql ? "you" : "AWS";
    }
}

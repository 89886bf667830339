using System.Text;
using ReplicaSim.Metrics;
using ReplicaSim.Model;

namespace ReplicaSim.Reporting;

/// <summary>The readable tables printed by <c>run</c> and <c>compare</c>.</summary>
public static class SummaryTable
{
    public static string Architecture(Scenario s) => DatabaseText.Architecture(s);

    /// <summary>Rows of (metric, value) for one run.</summary>
    public static IReadOnlyList<(string Metric, string Value)> Rows(RunSummary s) => Rows(s, s.Overloaded);

    /// <summary>Rows of one run; <paramref name="waitingRow"/> adds the requests still waiting at the end (side by side: when any run was overloaded).</summary>
    public static IReadOnlyList<(string Metric, string Value)> Rows(RunSummary s, bool waitingRow)
    {
        var r = s.Requests;
        string Share(long n) => r.Total == 0 ? "0" : $"{Format.Integer(n)} ({Format.Percent(n / (double)r.Total)})";
        IReadOnlyList<(string, string)> rows =
        [
            ("architecture", $"{Architecture(s.Scenario)}, {s.Scenario.Service.Replicas} replicas, {Names.Of(s.Scenario.LoadBalancer.Policy)}"),
            ("simulated time", Format.Span(s.SimulatedSeconds)),
            ("requests", Format.Integer(r.Total)),
            ("ok", Share(r.Ok)),
            ("missing (record not found)", Share(r.Missing)),
            ("stale (older version)", Share(r.Stale)),
            ("error", Share(r.Error)),
            ("consistency violations", Format.Integer(s.ConsistencyViolations)),
            ("writes acknowledged", Format.Integer(s.WritesAcknowledged)),
            ("writes lost", Format.Integer(s.WritesLost)),
            ("downtime", $"{Format.Span(s.DowntimeSeconds)} in {s.Downtime.Count} window(s)" +
                (Narrative.UnansweredDiffers(s) ? $"; {Format.Span(s.UnansweredSeconds)} without a successful answer (by completion)" : "")),
            ("degraded", $"{Format.Span(s.DegradedSeconds)} in {s.Degraded.Count} window(s)"),
            ("availability (no error)", Format.Percent(s.Availability)),
            ("correctness (ok/answered)", Format.Percent(s.Correctness)),
            ("latency mean / p50 / p99", $"{Format.Number(s.LatencyMs.Mean, 1)} / {Format.Number(s.LatencyMs.P50, 1)} / {Format.Number(s.LatencyMs.P99, 1)} ms"),
            ("database cost per month", Format.Usd(s.Cost.MonthlyUsd)),
        ];
        rows = s.Database?.Limits is { } l
            ? [.. rows.Take(rows.Count - 1), ("database", Instance(s)), .. LimitRows(s, l), rows[^1]]
            : [.. rows.Take(rows.Count - 1), ("database", Instance(s)), rows[^1]];
        var waiting = s.Overloaded ? OverloadWarning(s) : Format.Integer(s.InFlightAtEnd);
        if (s.Cost.Operations is { } ops)
        {
            rows = [.. rows, ("operations per month", OperationsCell(ops)), ("total per month", Format.Usd(s.Cost.TotalUsd))];
        }
        return waitingRow ? [.. rows.Take(3), ("still waiting at the end", waiting), .. rows.Skip(3)] : rows;
    }

    /// <summary>
    /// What serves the data: the instance class of a kind with instances (saying when its CPU and connections are not
    /// modelled, so that a class that looks idle is not read as one), else what there is instead.
    /// </summary>
    public static string Instance(RunSummary run)
    {
        var storage = run.Scenario.Storage;
        if (storage.Design.HasInstance)
        {
            var ic = storage.InstanceClass;
            return $"{ic.Name}, {ic.Vcpus} vCPUs, {Format.Number(ic.MemoryGiB, 0)} GiB" + (run.Database?.Limits is null ? " (CPU, connections not modelled)" : "");
        }
        return storage.Kind switch
        {
            StorageKind.SqlitePerContainer => "none: a SQLite file per container",
            StorageKind.SqliteSharedFile => "none: one SQLite file on NFS",
            _ => "serverless (no instance)",
        };
    }

    /// <summary>The database's limits in a run's rows (only when they are modelled): CPU, connections, connection errors, credits.</summary>
    private static IEnumerable<(string, string)> LimitRows(RunSummary s, DatabaseLimitsSummary l)
    {
        var ic = s.Scenario.Storage.InstanceClass;
        if (l.CpuUtilisation is { } cpu)
        {
            yield return ("database CPU busy", $"{Format.Percent(cpu)} of {ic.Vcpus} vCPUs ({ic.Name})");
        }
        var limit = s.Database is { Resized.Count: > 0 } db
            ? $"{Format.Integer(db.Resized[0].MaxConnectionsBefore)} -> {Format.Integer(l.MaxConnections)} ({db.Resized[0].From} -> {db.Resized[^1].To})"
            : Format.Integer(l.MaxConnections);
        yield return ("connections peak / limit", $"{Format.Integer(l.PeakConnections)} / {limit} (pools may open {Format.Integer(l.PoolConnections)})");
        yield return ("connection errors", l.ConnectionErrors == 0 ? "0"
            : $"{Format.Integer(l.ConnectionErrors)} ({Format.Integer(l.PoolTimeouts)} pool timeouts, {Format.Integer(l.RefusedConnections)} refused, {Format.Integer(l.ConnectTimeouts)} connect timeouts)");
        if (l.CreditBalance is { } credits)
        {
            yield return ("CPU credits at the end", $"{Format.Number(credits, 1)} vCPU-min ({l.CreditMode}" +
                (l.CreditsExhaustedSeconds is { } t ? $", ran out at {Format.Span(t)})" : ", never ran out)"));
        }
    }

    /// <summary>The team's time in one cell: "$125 (2.5 h: 1.3 routine + 1.2 on incidents)".</summary>
    public static string OperationsCell(OperationsEstimate ops) =>
        $"{Format.Usd(ops.Usd)} ({Hours(ops)})";

    /// <summary>"15.7 h: 13 routine + 2.7 on incidents"; a run longer than a month adds ", 6 h over its 2.4 months".</summary>
    public static string Hours(OperationsEstimate ops) =>
        $"{Format.Number(ops.HoursPerMonth, 1)} h: {Format.Number(ops.RoutineHours, 1)} routine + {Format.Number(ops.IncidentHoursPerMonth, 1)} on incidents" +
        (ops.Months > 1 && ops.IncidentHours > 0 ? $", {Format.Number(ops.IncidentHours, 1)} h over its {Format.Number(ops.Months, 1)} months" : "");

    /// <summary>Plain words for requests left waiting at the end of an overloaded run.</summary>
    public static string OverloadWarning(RunSummary s) =>
        $"{Format.Integer(s.InFlightAtEnd)} requests, not counted in any figure here: overloaded, requests arrived faster than they were answered";

    /// <summary>Several runs side by side, one column each.</summary>
    public static string RenderSideBySide(IReadOnlyList<RunSummary> runs)
    {
        var anyOverloaded = runs.Any(r => r.Overloaded);
        var rows = runs.Select(r => Rows(r, anyOverloaded)).ToList();
        if (rows.Any(r => r.Count != rows[0].Count || !r.Select(x => x.Metric).SequenceEqual(rows[0].Select(x => x.Metric))))
        {
            // Some runs count the team's time or model the database's limits and some do not: every metric any run
            // has, in the order of the first run that has it, and a dash where a run has none.
            var metrics = new List<string>();
            foreach (var r in rows)
            {
                var at = 0;
                foreach (var (metric, _) in r)
                {
                    var k = metrics.IndexOf(metric);
                    if (k < 0)
                    {
                        metrics.Insert(at, metric);
                        k = at;
                    }
                    at = k + 1;
                }
            }
            rows = [.. rows.Select(r => (IReadOnlyList<(string Metric, string Value)>)[.. metrics.Select(m => (m, r.FirstOrDefault(x => x.Metric == m).Value ?? "-"))])];
        }
        var names = runs.Select(r => r.Scenario.Variant.Length > 0 ? r.Scenario.Variant : r.Scenario.Name).ToList();
        var labels = rows[0].Select(x => x.Metric).Skip(1).ToList();
        var cells = rows.Select(r => r.Skip(1).Select(x => x.Value).ToList()).ToList();
        var labelWidth = labels.Max(l => l.Length);
        var widths = Enumerable.Range(0, runs.Count)
            .Select(i => Math.Max(Math.Max(names[i].Length, Architecture(runs[i].Scenario).Length), cells[i].Max(c => c.Length))).ToList();
        var sb = new StringBuilder();
        sb.Append(new string(' ', labelWidth + 2));
        for (var i = 0; i < runs.Count; i++)
        {
            sb.Append("  ").Append(names[i].PadRight(widths[i]));
        }
        sb.Append('\n');
        sb.Append(new string(' ', labelWidth + 2));
        for (var i = 0; i < runs.Count; i++)
        {
            sb.Append("  ").Append(Architecture(runs[i].Scenario).PadRight(widths[i]));
        }
        sb.Append('\n');
        for (var row = 0; row < labels.Count; row++)
        {
            sb.Append("  ").Append(labels[row].PadRight(labelWidth));
            for (var i = 0; i < runs.Count; i++)
            {
                sb.Append("  ").Append(cells[i][row].PadRight(widths[i]));
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Each cell: requests, and the share missing / stale / error.</summary>
    public static string Cell(OutcomeCounts c) => c.Total == 0
        ? "-"
        : $"{Format.Integer(c.Total)}: {Format.Percent(c.Missing / (double)c.Total)} missing, {Format.Percent(c.Stale / (double)c.Total)} stale, {Format.Percent(c.Error / (double)c.Total)} error";

    /// <summary>Requests by operation, over the whole run and in each period between timed faults (by arrival).</summary>
    public static IReadOnlyList<string> Breakdown(RunSummary s)
    {
        var lines = new List<string> { "by operation (requests: missing, stale, error):" };
        var periods = s.Periods.Count > 1 ? s.Periods : [];
        foreach (var (op, c) in s.ByOperation)
        {
            lines.Add($"  {Names.Of(op),-8} {Cell(c)}");
        }
        foreach (var p in periods)
        {
            lines.Add($"from {p.Start} ({p.StartsWith}) to {p.End}, {p.Replicas} replicas:");
            foreach (var (op, c) in p.ByOperation)
            {
                lines.Add($"  {Names.Of(op),-8} {Cell(c)}");
            }
        }
        return lines;
    }

    public static string Render(RunSummary s)
    {
        var rows = Rows(s);
        var width = rows.Max(x => x.Metric.Length);
        var sb = new StringBuilder();
        var title = s.Scenario.Variant.Length > 0 ? $"{s.Scenario.Name} / {s.Scenario.Variant}" : s.Scenario.Name;
        sb.Append(title).Append(" (seed ").Append(s.Scenario.Seed).Append(")\n");
        if (Answer.Of(s) is { } answer)
        {
            sb.Append("  answer: ").Append(answer.Sentence).Append('\n');
        }
        foreach (var (metric, value) in rows)
        {
            sb.Append("  ").Append(metric.PadRight(width)).Append("  ").Append(value).Append('\n');
        }
        foreach (var line in Breakdown(s))
        {
            sb.Append("  ").Append(line).Append('\n');
        }
        foreach (var i in s.Incidents)
        {
            sb.Append("  fault at ").Append(i.Start).Append(": ").Append(i.Label).Append(" - ").Append(i.Detail)
              .Append("; ").Append(Narrative.Recovery(i, s.Timeline.Bucket)).Append('\n');
        }
        return sb.ToString();
    }
}

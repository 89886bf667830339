using System.Text;
using ReplicaSim.Metrics;
using ReplicaSim.Model;

namespace ReplicaSim.Reporting;

/// <summary>Writes report.md for a run and for a comparison.</summary>
public static class ReportWriter
{
    public static string Run(RunSummary s, string command)
    {
        var sc = s.Scenario;
        var sb = new StringBuilder();
        sb.Append("# ").Append(sc.Variant.Length > 0 ? $"{sc.Name}: {sc.Variant}" : sc.Name).Append("\n\n");
        if (sc.Description.Length > 0)
        {
            sb.Append(sc.Description).Append("\n\n");
        }
        if (sc.Question.Length > 0)
        {
            sb.Append("**Question:** ").Append(sc.Question).Append("\n\n");
        }
        if (Answer.Of(s) is { } answer)
        {
            sb.Append("**Answer:** ").Append(answer.Sentence).Append("\n\n");
        }
        sb.Append("## Architecture\n\n").Append(SummaryTable.Architecture(sc)).Append(".\n\n").Append(Topology.Mermaid(sc)).Append('\n');
        sb.Append("## Results\n\n| metric | value |\n| --- | --- |\n");
        foreach (var (metric, value) in SummaryTable.Rows(s))
        {
            sb.Append("| ").Append(metric).Append(" | ").Append(value).Append(" |\n");
        }
        sb.Append("\n## By operation and by period\n\nRequests by arrival; each cell: requests, and the share missing, stale and error.\n\n");
        BreakdownTable(sb, s);
        if (s.Database is { } db && DatabaseText.Section(sc, db) is { Count: > 0 } dbLines)
        {
            sb.Append("\n## Database limits\n\n");
            foreach (var line in dbLines)
            {
                sb.Append("- ").Append(line).Append('\n');
            }
        }
        sb.Append("\n## Charts\n\n");
        sb.Append($"![What each request got]({ChartNames.Outcomes}.png)\n\n");
        sb.Append($"![Writes kept and lost]({ChartNames.Writes}.png)\n\n");
        sb.Append($"![Response time]({ChartNames.Latency}.png)\n\n");
        if (s.Timeline.Database is not null)
        {
            sb.Append($"![The database: CPU, connections, credits and volume]({ChartNames.Database}.png)\n\n");
        }
        sb.Append("## What happened\n\n");
        foreach (var line in Narrative.Of(s))
        {
            sb.Append("- ").Append(line).Append('\n');
        }
        sb.Append("\n## Cost per month\n\n| item | US dollars |\n| --- | --- |\n");
        foreach (var (item, usd) in s.Cost.Items)
        {
            sb.Append("| ").Append(item).Append(" | ").Append(Format.Usd(usd)).Append(" |\n");
        }
        sb.Append("| **total** | **").Append(Format.Usd(s.Cost.MonthlyUsd)).Append("** |\n\n");
        if (s.Cost.Operations is not null)
        {
            Operations(sb, [s]);
        }
        sb.Append("Files: [summary.json](summary.json), [timeline.csv](timeline.csv). Reproduce with `").Append(command).Append("`.\n");
        return sb.ToString();
    }

    public static string Comparison(string title, string description, IReadOnlyList<RunSummary> runs, string command)
    {
        var sb = new StringBuilder();
        sb.Append("# ").Append(title).Append("\n\n");
        if (description.Length > 0)
        {
            sb.Append(description).Append("\n\n");
        }
        var question = runs.Select(r => r.Scenario.Question).FirstOrDefault(q => q.Length > 0);
        if (question is not null)
        {
            sb.Append("**Question:** ").Append(question).Append("\n\n");
        }
        var answers = runs.Select(r => (Run: r, Answer: Answer.Of(r))).Where(x => x.Answer is not null).ToList();
        if (answers.Count > 0)
        {
            sb.Append("**Answer:**\n\n");
            foreach (var (r, a) in answers)
            {
                sb.Append("- ").Append(Charts.VariantName(r)).Append(": ").Append(a!.Sentence).Append('\n');
            }
            sb.Append('\n');
        }
        sb.Append(ComparisonNotes.Sentence([.. runs.Select(r => r.Scenario)])).Append("\n\n");
        sb.Append("## The lesson's takeaways, measured\n\n");
        Header(sb, runs);
        Row(sb, "architecture", runs, r => SummaryTable.Architecture(r.Scenario));
        Row(sb, "consistency violations (missing + stale)", runs, r => $"{Format.Integer(r.ConsistencyViolations)} ({Format.Percent(r.Requests.Total == 0 ? 0 : r.ConsistencyViolations / (double)r.Requests.Total)})");
        Row(sb, "missing / stale answers", runs, r => $"{Format.Integer(r.Requests.Missing)} / {Format.Integer(r.Requests.Stale)}");
        Row(sb, "reads of another client's record not found", runs, r =>
        {
            var c = r.ByOperation.First(x => x.Op == Operation.ReadAny).Counts;
            return c.Total == 0 ? "-" : Format.Percent(c.Missing / (double)c.Total);
        });
        Row(sb, "acknowledged writes lost", runs, r => $"{Format.Integer(r.WritesLost)} of {Format.Integer(r.WritesAcknowledged)}");
        Row(sb, "availability (answered without error)", runs, r => Format.Percent(r.Availability));
        Row(sb, "correctness (right among answered)", runs, r => Format.Percent(r.Correctness));
        Row(sb, "downtime", runs, r => Format.Span(r.DowntimeSeconds));
        Row(sb, "failed requests", runs, r => Format.Integer(r.Requests.Error));
        Row(sb, "latency p50 / p99", runs, r => $"{Format.Number(r.LatencyMs.P50, 1)} / {Format.Number(r.LatencyMs.P99, 1)} ms");
        Row(sb, "database", runs, r => SummaryTable.Instance(r));
        Row(sb, "database cost per month", runs, r => Format.Usd(r.Cost.MonthlyUsd));
        if (OperationsTable.Applies(runs))
        {
            Row(sb, "team's time per month", runs, r => r.Cost.Operations is { } o ? SummaryTable.OperationsCell(o) : "-");
            Row(sb, "total per month (infrastructure + operations)", runs, r => Format.Usd(r.Cost.TotalUsd));
        }
        sb.Append("\nWhat the lesson's table says, and what this run showed:\n\n");
        Header(sb, runs);
        foreach (var (label, cell) in LessonTable.Rows)
        {
            Row(sb, label, runs, cell);
        }
        if (OperationsTable.Applies(runs))
        {
            sb.Append('\n');
            Operations(sb, runs);
            if (runs.Count > 1)
            {
                sb.Append(OperationsTable.Ranking(runs)).Append('\n');
            }
        }
        sb.Append("\n## Charts\n\n");
        sb.Append($"![Key metrics per variant]({ChartNames.ComparisonMetrics}.png)\n\n");
        sb.Append($"![What each request got, per variant]({ChartNames.ComparisonTimelines}.png)\n\n");
        sb.Append("## Each variant\n\n");
        foreach (var r in runs)
        {
            var name = Charts.VariantName(r);
            sb.Append("### ").Append(name).Append(": ").Append(SummaryTable.Architecture(r.Scenario)).Append("\n\n");
            sb.Append(Topology.Mermaid(r.Scenario)).Append('\n');
            foreach (var line in Narrative.Of(r))
            {
                sb.Append("- ").Append(line).Append('\n');
            }
            sb.Append($"\nFull report: [{name}/report.md]({name}/report.md); charts: [outcomes]({name}/{ChartNames.Outcomes}.png), " +
                      $"[writes]({name}/{ChartNames.Writes}.png), [latency]({name}/{ChartNames.Latency}.png).\n\n");
        }
        sb.Append("Files: [comparison.json](comparison.json). Reproduce with `").Append(command).Append("`.\n");
        return sb.ToString();
    }

    /// <summary>The lesson's RDS-vs-EC2 table filled in, and the team's time priced.</summary>
    private static void Operations(StringBuilder sb, IReadOnlyList<RunSummary> runs)
    {
        sb.Append("## ").Append(OperationsTable.Title).Append("\n\n").Append(OperationsTable.Intro(runs)).Append("\n\n");
        Header(sb, runs);
        foreach (var (label, cells) in OperationsTable.Rows(runs))
        {
            sb.Append("| ").Append(label).Append(" |");
            foreach (var c in cells)
            {
                sb.Append(' ').Append(c).Append(" |");
            }
            sb.Append('\n');
        }
        sb.Append('\n');
    }

    private static void BreakdownTable(StringBuilder sb, RunSummary s)
    {
        var periods = s.Periods.Count > 1 ? s.Periods : [];
        sb.Append("| operation | whole run |");
        foreach (var p in periods)
        {
            sb.Append(" from ").Append(p.Start).Append(" (").Append(p.StartsWith).Append("), ").Append(p.Replicas).Append(" replicas |");
        }
        sb.Append("\n| --- | --- |");
        foreach (var _ in periods)
        {
            sb.Append(" --- |");
        }
        sb.Append('\n');
        for (var i = 0; i < s.ByOperation.Count; i++)
        {
            sb.Append("| ").Append(Names.Of(s.ByOperation[i].Op)).Append(" | ").Append(SummaryTable.Cell(s.ByOperation[i].Counts)).Append(" |");
            foreach (var p in periods)
            {
                sb.Append(' ').Append(SummaryTable.Cell(p.ByOperation[i].Counts)).Append(" |");
            }
            sb.Append('\n');
        }
    }

    private static void Header(StringBuilder sb, IReadOnlyList<RunSummary> runs)
    {
        sb.Append("| |");
        foreach (var r in runs)
        {
            sb.Append(' ').Append(Charts.VariantName(r)).Append(" |");
        }
        sb.Append("\n| --- |");
        foreach (var _ in runs)
        {
            sb.Append(" --- |");
        }
        sb.Append('\n');
    }

    private static void Row(StringBuilder sb, string label, IReadOnlyList<RunSummary> runs, Func<RunSummary, string> cell)
    {
        sb.Append("| ").Append(label).Append(" |");
        foreach (var r in runs)
        {
            sb.Append(' ').Append(cell(r)).Append(" |");
        }
        sb.Append('\n');
    }
}

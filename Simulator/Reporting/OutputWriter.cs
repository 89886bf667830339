using ReplicaSim.Metrics;

namespace ReplicaSim.Reporting;

/// <summary>Writes the files of one run, each atomically.</summary>
public static class OutputWriter
{
    /// <summary>summary.json, timeline.csv, the charts and report.md; <paramref name="command"/> reproduces the run and is quoted in the report.</summary>
    public static void WriteRun(RunSummary summary, string outDir, string command)
    {
        AtomicFile.WriteAllBytes(Path.Combine(outDir, "summary.json"), SummaryJson.Write(summary));
        AtomicFile.WriteAllText(Path.Combine(outDir, "timeline.csv"), TimelineCsv.Write(summary));
        Charts.Save(Charts.Outcomes(summary), Path.Combine(outDir, ChartNames.Outcomes));
        Charts.Save(Charts.Writes(summary), Path.Combine(outDir, ChartNames.Writes));
        Charts.Save(Charts.Latency(summary), Path.Combine(outDir, ChartNames.Latency));
        if (Charts.Database(summary) is { } database)
        {
            Charts.Save(database, Path.Combine(outDir, ChartNames.Database), Charts.Width, Charts.DatabaseHeight(database));
        }
        AtomicFile.WriteAllText(Path.Combine(outDir, "report.md"), ReportWriter.Run(summary, command));
        Html.HtmlReport.WriteRun(summary, outDir, command);
    }

    public static void WriteComparison(IReadOnlyList<RunSummary> runs, string outDir, string title, string description, string command)
    {
        AtomicFile.WriteAllBytes(Path.Combine(outDir, "comparison.json"), ComparisonJson.Write(title, runs));
        var height = Math.Max(Charts.Height, 420 * runs.Count);
        Charts.Save(Charts.ComparisonMetrics(runs), Path.Combine(outDir, ChartNames.ComparisonMetrics), Charts.ComparisonMetricsWidth(runs), 1800);
        Charts.Save(Charts.ComparisonTimelines(runs), Path.Combine(outDir, ChartNames.ComparisonTimelines), Charts.Width, height);
        AtomicFile.WriteAllText(Path.Combine(outDir, "report.md"), ReportWriter.Comparison(title, description, runs, command));
        Html.HtmlReport.WriteComparison(runs, outDir, title, description, command);
    }
}

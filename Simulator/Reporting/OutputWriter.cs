using ReplicaSim.Metrics;

namespace ReplicaSim.Reporting;

/// <summary>Writes the files of one run, each atomically.</summary>
public static class OutputWriter
{
    public static void WriteRun(RunSummary summary, string outDir, string sourceFile)
    {
        _ = sourceFile;
        AtomicFile.WriteAllBytes(Path.Combine(outDir, "summary.json"), SummaryJson.Write(summary));
        AtomicFile.WriteAllText(Path.Combine(outDir, "timeline.csv"), TimelineCsv.Write(summary));
    }
}

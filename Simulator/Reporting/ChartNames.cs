namespace ReplicaSim.Reporting;

/// <summary>File names (without extension) of the charts, shared by the writer and the report.</summary>
public static class ChartNames
{
    public const string Outcomes = "outcomes";
    public const string Writes = "writes";
    public const string Latency = "latency";

    /// <summary>Written only when the run models the database's limits or storage I/O.</summary>
    public const string Database = "database";
    public const string ComparisonMetrics = "comparison-metrics";
    public const string ComparisonTimelines = "comparison-timelines";
}

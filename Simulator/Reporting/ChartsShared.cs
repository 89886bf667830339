using ReplicaSim.Metrics;

namespace ReplicaSim.Reporting;

/// <summary>The parts of <see cref="Charts"/> without ScottPlot, shared with the browser playground (ReplicaSim.Web links this file).</summary>
public static partial class Charts
{
    /// <summary>Timeline buckets per bar, so that a chart has at most about 150 bars: readable from the back of a room.</summary>
    public static int GroupSize(Timeline t) => Math.Max(1, (t.Count + 149) / 150);

    public static string VariantName(RunSummary r) => r.Scenario.Variant.Length > 0 ? r.Scenario.Variant : r.Scenario.Name;
}

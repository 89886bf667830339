using System.Globalization;
using ScottPlot;
using ReplicaSim.Engine;
using ReplicaSim.Metrics;

namespace ReplicaSim.Reporting;

/// <summary>Metric against parameter, with 95 % intervals as error bars and theory beside it where a closed form exists.</summary>
public static class SweepCharts
{
    public static readonly string[] Charted =
        ["readAnyMissingFraction", "violationFraction", "writesLost", "downtimeSeconds", "availability", "latencyMeanMs", "latencyP99Ms"];

    public static Plot Chart(SweepDefinition d, IReadOnlyList<SweepRow> rows, string metric)
    {
        var m = SweepMetrics.IndexOf(metric);
        var (xs, unit, ticks) = Axis(d.Values);
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        var label = SweepMetrics.All[m].Label;
        plot.Title($"{label}\nagainst {d.Parameter} ({d.Scenario})", 28);
        var means = rows.Select(r => r.Cells[m].Mean).ToArray();
        var errors = rows.Select(r => double.IsFinite(r.Cells[m].CiHigh) ? r.Cells[m].CiHigh - r.Cells[m].Mean : 0).ToArray();
        if (rows.All(r => r.Cells[m].Theory is not null))
        {
            // Underneath, wide and pale, so that the simulated points stay visible on top of it.
            var theory = plot.Add.ScatterLine(xs, rows.Select(r => r.Cells[m].Theory!.Value).ToArray(), Palette.Missing.WithAlpha(0.45));
            theory.LineWidth = 12;
            theory.LegendText = "theory (closed form)";
        }
        var sim = plot.Add.Scatter(xs, means, Palette.Acknowledged);
        sim.LineWidth = 2;
        sim.MarkerSize = 14;
        sim.LegendText = $"simulation: mean of {d.Seeds} seeds with its 95 % interval";
        var bars = plot.Add.ErrorBar(xs, means, errors);
        bars.Color = Palette.Acknowledged;
        bars.LineWidth = 3;
        plot.XLabel(d.Parameter + unit, 24);
        plot.YLabel(label, 22);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 22;
        plot.Axes.Left.TickLabelStyle.FontSize = 22;
        plot.Axes.Bottom.SetTicks(xs, ticks ?? [.. d.Values]);
        plot.Axes.Margins(0.08, 0.15);
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.Legend.FontSize = 22;
        return plot;
    }

    /// <summary>Numeric positions for the values: numbers as they are, durations in seconds, anything else as categories.</summary>
    private static (double[] Xs, string Unit, string[]? Ticks) Axis(IReadOnlyList<string> values)
    {
        var numbers = values.Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : (double?)null).ToList();
        if (numbers.All(n => n is not null))
        {
            return ([.. numbers.Select(n => n!.Value)], "", null);
        }
        var durations = values.Select(v => DurationParser.TryParse(v.Trim('"'), out var d, out _) ? d.TotalSeconds : (double?)null).ToList();
        if (durations.All(d => d is not null))
        {
            return ([.. durations.Select(d => d!.Value)], " (seconds)", null);
        }
        return ([.. Enumerable.Range(0, values.Count).Select(i => (double)i)], "", [.. values]);
    }
}

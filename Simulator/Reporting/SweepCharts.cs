using System.Globalization;
using System.Text.RegularExpressions;
using ScottPlot;
using ReplicaSim.Engine;
using ReplicaSim.Metrics;

namespace ReplicaSim.Reporting;

/// <summary>Metric against parameter, with 95 % intervals as error bars and theory beside it where a closed form exists.</summary>
public static partial class SweepCharts
{
    public static readonly string[] Charted =
        ["readAnyMissingFraction", "violationFraction", "writesLost", "downtimeSeconds", "availabilityPercent", "correctnessPercent", "latencyMeanMs", "latencyP99Ms"];

    /// <summary>
    /// The metrics charted for these results: <see cref="Charted"/>, and <c>unansweredSeconds</c> where it tells what
    /// <c>downtimeSeconds</c> does not: at some value their means differ by more than 1 s and 10 % (requests that waited
    /// through an outage and were answered late count as served by arrival, not by completion), the rule the tables use.
    /// </summary>
    public static IReadOnlyList<string> ChartedFor(IReadOnlyList<SweepRow> rows)
    {
        var downtime = SweepMetrics.IndexOf("downtimeSeconds");
        var unanswered = SweepMetrics.IndexOf("unansweredSeconds");
        return rows.Any(r => Narrative.UnansweredDiffers(r.Cells[downtime].Mean, r.Cells[unanswered].Mean)) ? [.. Charted, "unansweredSeconds"] : Charted;
    }

    /// <summary>
    /// The largest value a metric can take: 1 for a share of a whole (a fraction, availability, correctness), 100 for
    /// one in percent, none for counts, durations and latencies. Every charted metric is at least 0.
    /// </summary>
    public static double Ceiling(string metric) =>
        metric.EndsWith("Percent", StringComparison.Ordinal) ? 100
        : metric.EndsWith("Fraction", StringComparison.Ordinal) || metric is "availability" or "correctness" ? 1
        : double.PositiveInfinity;

    public static Plot Chart(SweepDefinition d, IReadOnlyList<SweepRow> rows, string metric)
    {
        var m = SweepMetrics.IndexOf(metric);
        var (xs, unit, ticks) = Axis(d.Values);
        // Durations keep their labels as ticks but sit at their seconds, joined by a line as numbers are.
        var categorical = ticks is not null && unit.Length == 0;
        // Every charted metric is a count, a duration, a latency or a share: none is below 0, a share is not above its whole.
        var ceiling = Ceiling(metric);
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        var label = SweepMetrics.All[m].Label;
        plot.Title($"{label}\nagainst {d.Parameter} ({d.Scenario})", 28);
        var means = rows.Select(r => r.Cells[m].Mean).ToArray();
        var highs = rows.Select(r => double.IsFinite(r.Cells[m].CiHigh) ? Math.Min(r.Cells[m].CiHigh, ceiling) : r.Cells[m].Mean).ToArray();
        var lows = rows.Select(r => double.IsFinite(r.Cells[m].CiLow) ? Math.Max(r.Cells[m].CiLow, 0) : r.Cells[m].Mean).ToArray();
        var top = highs.Append(0).Max();
        if (rows.All(r => r.Cells[m].Theory is not null))
        {
            var theoryValues = rows.Select(r => r.Cells[m].Theory!.Value).ToArray();
            top = Math.Max(top, theoryValues.Max());
            // Underneath, wide and pale, so that the simulated points stay visible on top of it.
            var theory = plot.Add.Scatter(xs, theoryValues, Palette.Missing.WithAlpha(0.45));
            theory.LineWidth = categorical ? 0 : 12;
            theory.MarkerSize = categorical ? 30 : 0;
            theory.LegendText = "theory (closed form)";
        }
        var sim = plot.Add.Scatter(xs, means, Palette.Acknowledged);
        // Values that are not numbers (a distribution among durations) are categories: no line suggests a trend between them.
        sim.LineWidth = categorical ? 0 : 2;
        sim.MarkerSize = 14;
        sim.LegendText = $"simulation: mean of {d.Seeds} seeds with its 95 % interval";
        var bars = new ScottPlot.Plottables.ErrorBar(xs, means, null, null,
            [.. highs.Select((h, i) => Math.Max(0, h - means[i]))], [.. lows.Select((l, i) => Math.Max(0, means[i] - l))]);
        plot.Add.Plottable(bars);
        bars.Color = Palette.Acknowledged;
        bars.LineWidth = 3;
        plot.XLabel(d.Parameter + unit, 24);
        plot.YLabel(label, 22);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 22;
        plot.Axes.Left.TickLabelStyle.FontSize = 22;
        plot.Axes.Bottom.SetTicks(xs, ticks ?? [.. d.Values]);
        var (xMin, xMax) = (xs.Min(), xs.Max());
        var pad = categorical ? 0.5 : Math.Max(xMax - xMin, 1) * 0.08;
        var yTop = top <= 0 ? Math.Min(1, ceiling) : Math.Min(1.05 * ceiling, top * 1.15);
        plot.Axes.SetLimits(xMin - pad, xMax + pad, 0, yTop);
        plot.Axes.Right.MinimumSize = Charts.RightPadding;
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.Legend.FontSize = 22;
        return plot;
    }

    /// <summary>
    /// Positions for the values: numbers as they are, durations in seconds, and anything else (a distribution among
    /// durations, a storage kind) as evenly spaced categories, labelled compactly.
    /// </summary>
    internal static (double[] Xs, string Unit, string[]? Ticks) Axis(IReadOnlyList<string> values)
    {
        var numbers = values.Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : (double?)null).ToList();
        if (numbers.All(n => n is not null))
        {
            return ([.. numbers.Select(n => n!.Value)], "", null);
        }
        var durations = values.Select(v => DurationParser.TryParse(v.Trim('"'), out var d, out _) ? d.TotalSeconds : (double?)null).ToList();
        if (durations.All(d => d is not null))
        {
            return ([.. durations.Select(d => d!.Value)], " (seconds)", [.. values.Select(v => v.Trim('"'))]);
        }
        return ([.. Enumerable.Range(0, values.Count).Select(i => (double)i)], "", [.. values.Select(Compact)]);
    }

    /// <summary><c>{"exponential": {"mean": "60s"}}</c> as <c>exponential mean 60s</c>: JSON without its punctuation.</summary>
    internal static string Compact(string value) =>
        Spaces().Replace(Punctuation().Replace(value, " "), " ").Trim();

    [GeneratedRegex("[{}\"\\[\\]:,]")]
    private static partial Regex Punctuation();

    [GeneratedRegex("\\s+")]
    private static partial Regex Spaces();
}

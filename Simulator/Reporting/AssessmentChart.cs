using ScottPlot;
using ReplicaSim.Metrics;

namespace ReplicaSim.Reporting;

/// <summary>
/// Cost against availability: one point per architecture (monthly cost across, availability in nines up, with its
/// 95 % interval), the availability target drawn as a dark line, each point named with its share of right answers
/// when some were wrong and with what it misses.
/// </summary>
public static class AssessmentChart
{
    public static Plot Chart(AssessmentResult a)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        var years = a.Definition.RunsPerVariant;
        plot.Title($"Cost against availability ({a.Definition.Scenario}, {years} simulated years each)", 28);
        var nines = a.Rows.Select(r => Assessor.Nines(r.Availability.Mean)).ToArray();
        var finite = nines.Where(double.IsFinite).Append(0).ToArray();
        var target = a.Policy.AvailabilityPercent is { } t ? Assessor.Nines(t / 100) : (double?)null;
        // Nothing failed: drawn at the top, above every measured point and the target.
        var top = Math.Max(finite.Max(), target ?? 0) + 1;
        var costs = a.Rows.Select(r => r.CostPerMonth).ToArray();
        var xMax = Math.Max(costs.Max(), 1);
        var pad = xMax * 0.12;
        // Labels of points close together (same side, nearly the same height) are moved apart, lowest first.
        var labelYs = a.Rows.Select((_, i) => double.IsFinite(nines[i]) ? nines[i] : top).ToArray();
        var step = (top + 0.3) * 0.075;
        var order = Enumerable.Range(0, a.Rows.Count).OrderBy(i => labelYs[i]).ThenBy(i => i).ToList();
        for (var m = 1; m < order.Count; m++)
        {
            for (var p = 0; p < m; p++)
            {
                var (i, j) = (order[m], order[p]);
                if (Math.Abs(costs[i] - costs[j]) < xMax * 0.2 && labelYs[i] - labelYs[j] < step)
                {
                    labelYs[i] = labelYs[j] + step;
                }
            }
        }
        for (var i = 0; i < a.Rows.Count; i++)
        {
            var row = a.Rows[i];
            var y = labelYs[i];
            var misses = row.Checks.Where(c => !c.Met).Select(c => c.Criterion).ToList();
            // Availability counts a wrong answer as answered: the share of right answers goes under it when some were wrong.
            var text = $"{row.Variant}: {Assessor.Percent(row.Availability.Mean)}" +
                       (row.ViolationsPerYear.Mean > 0 ? $"\nbut only {Assessor.Percent(row.Correctness.Mean)} of answers right" : "") +
                       (misses.Count > 0 ? $"\nmisses {string.Join(", ", misses)}" : "");
            var label = plot.Add.Text(text, costs[i], y);
            label.LabelFontSize = 20;
            label.LabelFontColor = row.Meets ? Palette.Ok : Palette.Error;
            label.LabelBold = row.Variant == a.Cheapest;
            // Labels go right of their point, except near the right edge.
            label.LabelAlignment = costs[i] > xMax * 0.75 ? Alignment.LowerRight : Alignment.LowerLeft;
            label.LabelOffsetX = costs[i] > xMax * 0.75 ? -30 : 30;
            // On a pale ground under the points, so that a neighbour's interval does not cross the words and no point is hidden.
            label.LabelBackgroundColor = Colors.White.WithAlpha(0.85);
        }
        foreach (var (meets, color, shape, legend) in new[]
                 {
                     (true, Palette.Ok, MarkerShape.FilledCircle, "meets the policy"),
                     (false, Palette.Missing, MarkerShape.FilledDiamond, "misses it"),
                 })
        {
            var idx = Enumerable.Range(0, a.Rows.Count).Where(i => a.Rows[i].Meets == meets).ToList();
            if (idx.Count == 0)
            {
                continue;
            }
            var ys = idx.Select(i => double.IsFinite(nines[i]) ? nines[i] : top).ToArray();
            var points = plot.Add.ScatterPoints(idx.Select(i => costs[i]).ToArray(), ys, color);
            points.MarkerShape = shape;
            points.MarkerSize = 22;
            points.LegendText = legend;
            var upper = idx.Select((i, k) => Math.Max(0, Clip(Assessor.Nines(Math.Min(a.Rows[i].Availability.CiHigh, 1)), top) - ys[k])).ToArray();
            var lower = idx.Select((i, k) => Math.Max(0, ys[k] - Clip(Assessor.Nines(Math.Max(a.Rows[i].Availability.CiLow, 0)), top))).ToArray();
            var bars = new ScottPlot.Plottables.ErrorBar(idx.Select(i => costs[i]).ToArray(), ys, null, null, upper, lower);
            plot.Add.Plottable(bars);
            bars.Color = color;
            bars.LineWidth = 3;
        }
        if (target is { } tn)
        {
            var line = plot.Add.HorizontalLine(tn);
            line.Color = Palette.Error;
            line.LineWidth = 2;
            // Solid: the SVG backend cannot draw dashes (it prints 'Unsupported path effect' for each).
            line.LegendText = $"availability target {Assessor.Percent(a.Policy.AvailabilityPercent!.Value / 100)}";
        }
        plot.XLabel("cost (US dollars per month)", 24);
        plot.YLabel("availability (nines: 2 = 99 %, 3 = 99.9 %)", 22);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 22;
        plot.Axes.Left.TickLabelStyle.FontSize = 22;
        plot.Axes.SetLimits(-pad, xMax + pad, 0, top + 0.3);
        plot.Axes.Right.MinimumSize = Charts.RightPadding;
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.Legend.FontSize = 22;
        return plot;
    }

    private static double Clip(double nines, double top) => double.IsFinite(nines) ? Math.Min(nines, top) : top;
}

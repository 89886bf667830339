using System.Globalization;
using ScottPlot;
using SkiaSharp;
using ReplicaSim.Metrics;
using ReplicaSim.Model;

namespace ReplicaSim.Reporting;

/// <summary>
/// The charts of a run and of a comparison, built as ScottPlot objects (so tests can inspect their series)
/// and saved as PNG and SVG. Sized and lettered for a projector: 1600 x 900 pixels, large fonts,
/// fault windows shaded and labelled.
/// </summary>
public static partial class Charts
{
    public const int Width = 1600;
    public const int Height = 900;

    /// <summary>The unit of the time axis, chosen from the run's length.</summary>
    public sealed record TimeUnit(string Name, double Seconds)
    {
        public static TimeUnit For(double totalSeconds) =>
            totalSeconds <= 300 ? new TimeUnit("seconds", 1)
            : totalSeconds <= 4 * 3600 ? new TimeUnit("minutes", 60)
            : totalSeconds <= 10 * 86_400 ? new TimeUnit("hours", 3600)
            : new TimeUnit("days", 86_400); // a year's axis reads 0 to 366 days, not 0 to 8,784 hours
    }

    /// <summary>Outcomes per time bucket, stacked, as requests per second.</summary>
    public static Plot Outcomes(RunSummary s, string? title = null)
    {
        var plot = NewPlot(title ?? $"What each request got: {Title(s)}");
        var unit = TimeUnit.For(s.SimulatedSeconds);
        var t = s.Timeline;
        var g = GroupSize(t);
        var groups = (t.Count + g - 1) / g;
        var baseline = new double[groups];
        foreach (var outcome in Names.Outcomes)
        {
            var counts = t.Outcomes(outcome);
            var bars = new List<Bar>(groups);
            for (var k = 0; k < groups; k++)
            {
                var from = k * g;
                var to = Math.Min(t.Count, from + g);
                long n = 0;
                for (var b = from; b < to; b++)
                {
                    n += counts[b];
                }
                var start = t.StartSeconds(from);
                var end = Math.Min(t.StartSeconds(to), s.SimulatedSeconds);
                var v = n / Math.Max(end - start, 1e-9);
                bars.Add(new Bar
                {
                    Position = (start + end) / 2 / unit.Seconds,
                    ValueBase = baseline[k],
                    Value = baseline[k] + v,
                    Size = (end - start) / unit.Seconds,
                    FillColor = Palette.Of(outcome),
                    LineWidth = 0,
                });
                baseline[k] += v;
            }
            var plottable = plot.Add.Bars(bars);
            plottable.LegendText = Names.Of(outcome);
            plottable.Color = Palette.Of(outcome);
        }
        var top = Math.Max(1, baseline.DefaultIfEmpty(0).Max()) * 1.25;
        Finish(plot, s, unit, top, "requests per second");
        return plot;
    }

    /// <summary>Acknowledged and lost writes (running totals) and the records each store holds.</summary>
    public static Plot Writes(RunSummary s)
    {
        var plot = NewPlot($"Writes kept and lost: {Title(s)}");
        var unit = TimeUnit.For(s.SimulatedSeconds);
        var t = s.Timeline;
        var xs = Enumerable.Range(0, t.Count).Select(b => Math.Min(t.StartSeconds(b + 1), s.SimulatedSeconds) / unit.Seconds).ToArray();
        double ack = 0, lost = 0;
        var acks = new double[t.Count];
        var losts = new double[t.Count];
        for (var b = 0; b < t.Count; b++)
        {
            ack += t.Acknowledged[b];
            lost += t.Lost[b];
            acks[b] = ack;
            losts[b] = lost;
        }
        Line(plot, xs, acks, Palette.Acknowledged, "writes acknowledged (total)", 5);
        Line(plot, xs, losts, Palette.Lost, "acknowledged writes lost (total)", 5);
        if (s.Scenario.Storage.Kind == StorageKind.SqlitePerContainer)
        {
            // A line and a legend entry per replica while they can be told apart; beyond that, one colour and one entry.
            var slots = t.SlotRecords.Count;
            var each = slots <= MaxReplicaLines;
            for (var slot = 0; slot < slots; slot++)
            {
                var ys = t.SlotRecords[slot].Select(v => (double)v).ToArray();
                var label = each ? $"records in replica {slot + 1}'s app.db" : slot == 0 ? $"records in each replica's app.db ({Format.Integer(slots)} lines)" : "";
                Line(plot, xs, ys, each ? Palette.Series[(slot + 2) % Palette.Series.Length] : Palette.Replicas, label, each ? 2.5f : 1.5f);
            }
        }
        else
        {
            var ys = t.SharedRecords.Select(v => (double)v).ToArray();
            Line(plot, xs, ys, Palette.Shared, s.Scenario.Storage.Design.IsServer ? "records in the shared database" : "records in the shared SQLite file", 2.5f);
        }
        var top = Math.Max(1, acks.DefaultIfEmpty(0).Max()) * 1.25;
        Finish(plot, s, unit, top, "writes / records");
        return plot;
    }

    /// <summary>Replicas drawn each in its own colour and legend entry in the writes chart; more share one.</summary>
    internal const int MaxReplicaLines = 6;

    /// <summary>Latency p50 and p99 per time bucket.</summary>
    public static Plot Latency(RunSummary s)
    {
        var plot = NewPlot($"Response time: {Title(s)}");
        var unit = TimeUnit.For(s.SimulatedSeconds);
        var t = s.Timeline;
        var xs = new List<double>();
        var p50 = new List<double>();
        var p99 = new List<double>();
        // A p99 needs a few hundred requests behind it, or it is just the slowest one.
        var perBucket = s.Scenario.Workload.ArrivalRatePerSecond * t.Bucket.TotalSeconds;
        var g = Math.Max(GroupSize(t), (int)Math.Ceiling(300 / Math.Max(perBucket, 1e-9)));
        g = Math.Min(g, Math.Max(1, t.Count / 20));
        for (var from = 0; from < t.Count; from += g)
        {
            var to = Math.Min(t.Count, from + g);
            var a = t.LatencyQuantileMs(from, to, 0.5);
            if (double.IsNaN(a))
            {
                continue;
            }
            xs.Add((t.StartSeconds(from) + Math.Min(t.StartSeconds(to), s.SimulatedSeconds)) / 2 / unit.Seconds);
            p50.Add(a);
            p99.Add(t.LatencyQuantileMs(from, to, 0.99));
        }
        Line(plot, [.. xs], [.. p99], Palette.P99, "p99 (1 request in 100 is slower)", 4);
        Line(plot, [.. xs], [.. p50], Palette.P50, "p50 (median)", 4);
        var top = Math.Max(1, p99.DefaultIfEmpty(1).Max()) * 1.25;
        Finish(plot, s, unit, top, "latency (ms)");
        MarkOutageParts(plot, s, unit);
        return plot;
    }

    /// <summary>
    /// Colours for variants, none of them an outcome's colour (green = ok, orange = missing or stale,
    /// black = error), so that a bar's colour never reads as an outcome.
    /// </summary>
    public static readonly Color[] VariantColors =
    [
        Color.FromHex("#0072B2"), Color.FromHex("#CC79A7"), Color.FromHex("#56B4E9"), Color.FromHex("#7B3294"),
        Color.FromHex("#004B7A"), Color.FromHex("#8E4B73"),
    ];

    /// <summary>The comparison's panels: what each variant got wrong, lost, failed and cost.</summary>
    public static readonly (string Title, string Unit, Func<RunSummary, double> Value)[] ComparisonPanels =
    [
        ("Consistency violations", "requests (missing + stale)", r => r.ConsistencyViolations),
        ("Acknowledged writes lost", "writes", r => r.WritesLost),
        ("Failed requests (errors)", "requests", r => r.Requests.Error),
        ("Downtime", "seconds", r => r.DowntimeSeconds),
        ("Degraded (some requests failed)", "seconds", r => r.DegradedSeconds),
        ("Availability (answered without error)", "% of requests", r => r.Availability * 100),
        ("Correctness (right among answered)", "% of answers", r => r.Correctness * 100),
        (CostPanelTitle, "US dollars per month", r => r.Cost.MonthlyUsd),
    ];

    private const string CostPanelTitle = "Database cost";

    /// <summary>The two parts of a total cost bar: the infrastructure, and the team's time on top of it.</summary>
    private static readonly Color InfrastructureColor = Color.FromHex("#444444");
    private static readonly Color TeamTimeColor = Color.FromHex("#E0B0D0");

    /// <summary>
    /// When the team's time is counted: each variant's bar is its infrastructure with the team's time stacked on it,
    /// labelled with the total, so the ranking by total can be read off the chart.
    /// </summary>
    private static Plot TotalCostPanel(IReadOnlyList<RunSummary> runs)
    {
        var plot = NewPlot("Cost per month: infrastructure + team's time", titleSize: 30);
        var infrastructure = new List<Bar>();
        var team = new List<Bar>();
        var max = 0.0;
        for (var i = 0; i < runs.Count; i++)
        {
            var infra = runs[i].Cost.MonthlyUsd;
            var total = runs[i].Cost.TotalUsd;
            max = Math.Max(max, total);
            infrastructure.Add(new Bar { Position = i, Value = infra, FillColor = InfrastructureColor });
            team.Add(new Bar { Position = i, ValueBase = infra, Value = total, FillColor = TeamTimeColor, Label = Format.Usd(total) });
        }
        var a = plot.Add.Bars(infrastructure);
        a.LegendText = "infrastructure";
        a.Color = InfrastructureColor;
        var b = plot.Add.Bars(team);
        b.LegendText = "team's time (cost.operatorHourlyUsd)";
        b.Color = TeamTimeColor;
        b.LabelsOnTop = true;
        b.ValueLabelStyle.FontSize = 24;
        b.ValueLabelStyle.Bold = true;
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, runs.Count).Select(i => (double)i)], [.. runs.Select(VariantName)]);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 20;
        plot.YLabel("US dollars per month", 20);
        plot.Axes.SetLimitsY(0, max > 0 ? max * 1.25 : 1);
        plot.Axes.SetLimitsX(-0.6, runs.Count - 0.4);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = BarLabel };
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.Legend.FontSize = 18;
        return plot;
    }

    /// <summary>A bar's label, written like the axis: "45,071", "12.5".</summary>
    public static string BarLabel(double v) => Math.Abs(v) >= 100 ? Format.Integer((long)Math.Round(v))
        // Just short of 100 (a year's availability, 99.978 %): the digits that tell it from 100, as the reports write it.
        : Math.Round(v, 1, MidpointRounding.AwayFromZero) >= 100 ? Format.Percent(v / 100)[..^2]
        : Format.Number(v, 1);

    /// <summary>
    /// The width of <see cref="ComparisonMetrics"/>: the standard width, or wider when the variants' names (20 px, about 11 px a
    /// character) or their bar labels (24 px bold, "121,201") would not fit side by side in a panel, two panels across with about
    /// 140 px of axis each (database-options' nine variants ran "multi-azreplicascluster" together at 1,600 px).
    /// </summary>
    public static int ComparisonMetricsWidth(IReadOnlyList<RunSummary> runs)
    {
        var longestName = runs.Count == 0 ? 0 : runs.Max(r => VariantName(r).Length);
        var slot = Math.Max(longestName * 11.0, 8 * 14.4) + 16;
        return Math.Max(Width, (int)Math.Ceiling(2 * (140 + runs.Count * slot)));
    }

    /// <summary>Key metrics per variant, one panel each, every axis from 0.</summary>
    public static Multiplot ComparisonMetrics(IReadOnlyList<RunSummary> runs)
    {
        var plots = new List<Plot>();
        var withOperations = OperationsTable.Applies(runs);
        foreach (var (title, unit, value) in ComparisonPanels)
        {
            if (withOperations && ReferenceEquals(title, CostPanelTitle))
            {
                plots.Add(TotalCostPanel(runs));
                continue;
            }
            var plot = NewPlot(title, titleSize: 30);
            var bars = new List<Bar>();
            var max = 0.0;
            for (var i = 0; i < runs.Count; i++)
            {
                var v = value(runs[i]);
                max = Math.Max(max, v);
                bars.Add(new Bar
                {
                    Position = i,
                    Value = v,
                    FillColor = VariantColors[i % VariantColors.Length],
                    Label = BarLabel(v),
                });
            }
            var bp = plot.Add.Bars(bars);
            bp.LabelsOnTop = true;
            bp.ValueLabelStyle.FontSize = 24;
            bp.ValueLabelStyle.Bold = true;
            plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, runs.Count).Select(i => (double)i)], [.. runs.Select(VariantName)]);
            plot.Axes.Bottom.TickLabelStyle.FontSize = 20;
            plot.YLabel(unit, 20);
            // From 0 to above the tallest bar (0 to 1 when every bar is 0), with thousands separators like the labels.
            plot.Axes.SetLimitsY(0, unit.StartsWith('%') ? 119 : max > 0 ? max * 1.25 : 1);
            plot.Axes.SetLimitsX(-0.6, runs.Count - 0.4);
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = BarLabel };
            plots.Add(plot);
        }
        return Combine(plots, new ScottPlot.MultiplotLayouts.Grid(4, 2));
    }

    /// <summary>A multiplot holding exactly <paramref name="plots"/> (a new Multiplot starts with one plot of its own).</summary>
    private static Multiplot Combine(IReadOnlyList<Plot> plots, IMultiplotLayout layout)
    {
        var mp = new Multiplot(plots[0]);
        for (var i = 1; i < plots.Count; i++)
        {
            mp.AddPlot(plots[i]);
        }
        mp.Layout = layout;
        return mp;
    }

    /// <summary>Every variant's outcome timeline, one row each, on one time axis.</summary>
    public static Multiplot ComparisonTimelines(IReadOnlyList<RunSummary> runs)
    {
        var plots = new List<Plot>();
        var max = 0.0;
        foreach (var r in runs)
        {
            for (var b = 0; b < r.Timeline.Count; b++)
            {
                max = Math.Max(max, r.Timeline.Requests(b) / r.Timeline.Bucket.TotalSeconds);
            }
        }
        for (var i = 0; i < runs.Count; i++)
        {
            // Runs of different lengths each keep their own labelled time axis; equal ones share the bottom label.
            var sameDuration = runs.All(r => r.Scenario.Duration == runs[0].Scenario.Duration);
            var plot = Outcomes(runs[i], $"{VariantName(runs[i])}: {SummaryTable.Architecture(runs[i].Scenario)}" +
                                         (sameDuration ? "" : $" ({Format.Span(runs[i].SimulatedSeconds)})"));
            plot.Axes.Title.Label.FontSize = 26;
            plot.Axes.SetLimitsY(0, max * 1.25);
            plot.Axes.Left.Label.FontSize = 18;
            if (i < runs.Count - 1 && sameDuration)
            {
                plot.XLabel("");
            }
            if (i < runs.Count - 1)
            {
                // One legend, under the last row: the legend shown at an edge is a panel of its own, which
                // HideLegend alone leaves in place.
                plot.HideLegend();
                foreach (var panel in plot.Axes.GetPanels().OfType<ScottPlot.Panels.LegendPanel>().ToList())
                {
                    plot.Axes.Remove(panel);
                }
            }
            plots.Add(plot);
        }
        return Combine(plots, new ScottPlot.MultiplotLayouts.Rows());
    }

    public static void Save(Plot plot, string pathWithoutExtension)
    {
        var (png, svg) = Invariant(() => (plot.GetImageBytes(Width, Height, ImageFormat.Png), plot.GetSvgXml(Width, Height)));
        AtomicFile.WriteAllBytes(pathWithoutExtension + ".png", png);
        AtomicFile.WriteAllText(pathWithoutExtension + ".svg", StableIds(svg));
    }

    public static void Save(Multiplot mp, string pathWithoutExtension, int width, int height)
    {
        AtomicFile.Write(pathWithoutExtension + ".png", stream => Invariant(() =>
        {
            using var surface = SKSurface.Create(new SKImageInfo(width, height));
            mp.Render(surface.Canvas, new PixelRect(0, width, height, 0));
            using var image = surface.Snapshot();
            using var data = image.Encode(SKEncodedImageFormat.Png, 100);
            data.SaveTo(stream);
            return 0;
        }));
        var svg = Invariant(() =>
        {
            using var buffer = new MemoryStream();
            using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), buffer))
            {
                mp.Render(canvas, new PixelRect(0, width, height, 0));
            }
            return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        });
        AtomicFile.WriteAllText(pathWithoutExtension + ".svg", StableIds(svg));
    }

    /// <summary>
    /// Skia names the SVG clip paths from a counter that runs for the whole process (cl_3d in one run, cl_a2 after
    /// a few more charts); numbering them afresh in each file, in order of appearance, makes the SVG the same bytes
    /// whatever was drawn before it.
    /// </summary>
    internal static string StableIds(string svg)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        return ClipId().Replace(svg, m =>
        {
            if (!ids.TryGetValue(m.Value, out var id))
            {
                id = "cl_" + (ids.Count + 1).ToString(CultureInfo.InvariantCulture);
                ids.Add(m.Value, id);
            }
            return id;
        });
    }

    [System.Text.RegularExpressions.GeneratedRegex("\\bcl_[0-9a-f]+\\b")]
    private static partial System.Text.RegularExpressions.Regex ClipId();

    /// <summary>
    /// Renders under the invariant culture: ScottPlot formats tick labels with the current culture (16.000 and
    /// 0,5 under de-DE), and every file written must be the same bytes on every machine.
    /// </summary>
    private static T Invariant<T>(Func<T> render)
    {
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            return render();
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = ui;
        }
    }

    private static string Title(RunSummary s) => SummaryTable.Architecture(s.Scenario);

    private static Plot NewPlot(string title, float titleSize = 34)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.Title(title, titleSize);
        plot.Axes.Bottom.Label.FontSize = 26;
        plot.Axes.Left.Label.FontSize = 26;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 22;
        plot.Axes.Left.TickLabelStyle.FontSize = 22;
        plot.Legend.FontSize = 22;
        plot.Grid.MajorLineColor = Color.FromHex("#E5E5E5");
        return plot;
    }

    private static void Line(Plot plot, double[] xs, double[] ys, Color color, string label, float width)
    {
        var line = plot.Add.ScatterLine(xs, ys, color);
        line.LineWidth = width;
        line.LegendText = label;
    }

    /// <summary>
    /// What every chart over time ends with: the fault windows shaded and labelled, axis labels, fixed limits
    /// (time from 0 to the end, values from 0) and the legend below the plot, where it hides nothing.
    /// </summary>
    private static void Finish(Plot plot, RunSummary s, TimeUnit unit, double top, string yLabel)
    {
        MarkFaults(plot, s, unit, top);
        plot.XLabel($"simulated time ({unit.Name})");
        plot.YLabel(yLabel);
        plot.Axes.SetLimits(0, s.SimulatedSeconds / unit.Seconds, 0, top);
        // Room on the right for half of the last time tick's label, which is centred on the right edge.
        plot.Axes.Right.MinimumSize = RightPadding;
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.Legend.FontSize = 22;
    }

    /// <summary>Pixels kept free right of the plot area, so that the right-most tick label stays inside the image.</summary>
    internal const float RightPadding = 60;

    /// <summary>Rows of fault labels at the top of a chart over time.</summary>
    internal const int FaultLabelRows = 3;

    private const float FaultLabelSize = 20;

    /// <summary>The width of a chart's plot area in pixels, about: the image less the left axis and <see cref="RightPadding"/>.</summary>
    private const double PlotAreaPixels = Width - 220;

    /// <summary>
    /// Shades each fault's window. When every fault's label fits at the top (in <see cref="FaultLabelRows"/> rows,
    /// none overlapping, none past the right edge), each is labelled where it starts; otherwise (a week of hourly
    /// crashes) each kind of fault is named once, in the legend with its count, and a tick at the top marks every
    /// occurrence, in the kind's colour.
    /// </summary>
    private static void MarkFaults(Plot plot, RunSummary s, TimeUnit unit, double top)
    {
        var end = s.SimulatedSeconds / unit.Seconds;
        var placed = PlaceFaultLabels(s.Incidents.Select(i => (i.Label, i.Start.Seconds / unit.Seconds)).ToList(), end);
        // A short fault gets a visible window (0.4 % of the axis, about 5 pixels) when there are few of them; when
        // there are many, 2 pixels, or a week of hourly 40-second crashes would look like a week of outage.
        var minWidth = end * (placed is not null ? 0.004 : 2.0 / PlotAreaPixels);
        foreach (var i in s.Incidents)
        {
            var x1 = i.Start.Seconds / unit.Seconds;
            var x2 = Math.Max(x1 + minWidth, (i.End ?? (Engine.Instant.Start + s.Scenario.Duration)).Seconds / unit.Seconds);
            var span = plot.Add.HorizontalSpan(x1, x2, Palette.Fault);
            span.LineWidth = 0;
            span.LegendText = "";
        }
        if (placed is not null)
        {
            for (var k = 0; k < placed.Count; k++)
            {
                var (x, row, alignRight) = placed[k];
                var text = plot.Add.Text(s.Incidents[k].Label, x, top * (0.97 - (0.06 * row)));
                text.LabelFontSize = FaultLabelSize;
                text.LabelFontColor = Palette.FaultText;
                text.LabelBold = true;
                text.LabelAlignment = alignRight ? Alignment.UpperRight : Alignment.UpperLeft;
            }
            return;
        }
        var kinds = s.Incidents.Select(i => i.Kind).Distinct().ToList();
        for (var k = 0; k < kinds.Count; k++)
        {
            var starts = s.Incidents.Where(i => i.Kind == kinds[k]).Select(i => i.Start.Seconds / unit.Seconds).ToArray();
            var rug = plot.Add.ScatterPoints(starts, [.. starts.Select(_ => top * (0.985 - (0.035 * k)))], Palette.FaultKind(k));
            rug.MarkerShape = MarkerShape.VerticalBar;
            rug.MarkerSize = 26;
            rug.MarkerLineWidth = 2;
            rug.LegendText = $"{kinds[k]}: {Format.Integer(starts.Length)} (ticks at the top, shaded)";
        }
    }

    /// <summary>
    /// Where each label goes: (x, row, right-aligned), or null when they cannot all be placed without overlapping.
    /// Widths are estimated from the font (DejaVu Sans at this size measures about 0.48 em a character; 0.55 leaves a margin) and the plot
    /// area (the image less the axes, about 1,380 pixels).
    /// </summary>
    internal static IReadOnlyList<(double X, int Row, bool AlignRight)>? PlaceFaultLabels(IReadOnlyList<(string Label, double Start)> faults, double end)
    {
        var unitsPerPixel = end / PlotAreaPixels;
        var gap = 12 * unitsPerPixel;
        var rowEnds = Enumerable.Repeat(double.NegativeInfinity, FaultLabelRows).ToArray();
        var result = new (double, int, bool)[faults.Count];
        // Left to right, each label in the first row where it does not run into the previous one.
        foreach (var k in Enumerable.Range(0, faults.Count).OrderBy(k => faults[k].Start).ThenBy(k => k))
        {
            var width = faults[k].Label.Length * FaultLabelSize * 0.55 * unitsPerPixel;
            var left = faults[k].Start;
            var alignRight = left + width > end;
            if (alignRight)
            {
                left = end - width; // near the right edge: the label ends at the edge instead of running past it
            }
            var row = Array.FindIndex(rowEnds, e => e + gap <= left);
            if (row < 0)
            {
                return null;
            }
            rowEnds[row] = left + width;
            result[k] = (alignRight ? end : faults[k].Start, row, alignRight);
        }
        return result;
    }
}

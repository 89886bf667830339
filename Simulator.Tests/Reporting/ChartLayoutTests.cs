using System.Globalization;
using ReplicaSim.Metrics;
using ReplicaSim.Reporting;
using ReplicaSim.Tests.Support;
using ScottPlot.Plottables;
using SkiaSharp;

namespace ReplicaSim.Tests.Reporting;

/// <summary>Charts that stay readable with many faults, keep their labels inside the image, and do not depend on the culture.</summary>
public sealed class ChartLayoutTests
{
    private const string HourlyCrashes = """
        { "name": "crashes", "seed": 4, "duration": "30h", "service": { "replicas": 20 },
          "workload": { "arrivalRate": 0.2, "clients": 50 },
          "faults": [ { "every": "10m", "kind": "container-crash" }, { "at": "7h", "kind": "deploy" } ] }
        """;

    private const string SevenFaults = """
        { "name": "seven", "seed": 3, "duration": "30m", "service": { "replicas": 3 }, "storage": { "kind": "shared", "standby": true },
          "zones": ["az-a", "az-b"], "workload": { "arrivalRate": 10, "clients": 100 },
          "faults": [ { "at": "2m", "kind": "container-crash", "replica": 1 }, { "at": "4m", "kind": "container-restart", "replica": 2 },
                      { "at": "8m", "kind": "deploy" }, { "at": "12m", "kind": "database-failure" },
                      { "at": "18m", "kind": "zone-outage", "zone": "az-b", "duration": "3m" },
                      { "at": "25m", "kind": "container-crash", "replica": 3 }, { "at": "29m", "kind": "database-failure" } ] }
        """;

    [Test]
    public void ManyFaults_EachKindNamedOnceWithItsCount_EveryWindowStillShaded()
    {
        var s = TestScenario.Run(HourlyCrashes);
        Assert.That(s.Incidents, Has.Count.GreaterThan(150));
        foreach (var plot in new[] { Charts.Outcomes(s), Charts.Writes(s), Charts.Latency(s) })
        {
            Assert.That(plot.GetPlottables().OfType<Text>(), Is.Empty, "no label per fault");
            Assert.That(plot.GetPlottables().OfType<HorizontalSpan>().Count(), Is.EqualTo(s.Incidents.Count));
            var rugs = plot.GetPlottables().OfType<Scatter>().Where(x => x.MarkerShape == ScottPlot.MarkerShape.VerticalBar).ToList();
            var crashes = s.Incidents.Count(i => i.Kind == "container-crash");
            Assert.That(rugs.Select(r => r.LegendText), Is.EqualTo(new[]
            {
                $"container-crash: {Format.Integer(crashes)} (ticks at the top, shaded)",
                "deploy: 1 (ticks at the top, shaded)",
            }));
            Assert.That(rugs[0].Data.GetScatterPoints().Count, Is.EqualTo(crashes), "a tick per crash");
        }
    }

    [Test]
    public void Writes_ManyReplicas_ShareOneLegendEntry()
    {
        var s = TestScenario.Run(HourlyCrashes);
        var lines = Charts.Writes(s).GetPlottables().OfType<Scatter>().Where(x => x.MarkerShape != ScottPlot.MarkerShape.VerticalBar).ToList();
        Assert.That(lines, Has.Count.EqualTo(2 + 20), "every replica still drawn");
        Assert.That(lines.Select(l => l.LegendText).Where(t => t.Length > 0), Is.EqualTo(new[]
        {
            "writes acknowledged (total)", "acknowledged writes lost (total)", "records in each replica's app.db (20 lines)",
        }));
    }

    [Test]
    public void SevenFaults_LabelsDoNotOverlapAndEndInsideThePlot()
    {
        var s = TestScenario.Run(SevenFaults);
        var end = s.SimulatedSeconds / 60;
        var faults = s.Incidents.Select(i => (i.Label, i.Start.Seconds / 60)).ToList();
        var placed = Charts.PlaceFaultLabels(faults, end);
        Assert.That(placed, Is.Not.Null, "seven faults over 30 minutes are labelled one by one");
        Assert.That(placed!.Select(p => p.Row), Is.All.InRange(0, Charts.FaultLabelRows - 1));
        Assert.That(placed[^1].AlignRight, "the fault a minute before the end is labelled leftwards from the edge");
        var texts = Charts.Outcomes(s).GetPlottables().OfType<Text>().ToList();
        Assert.That(texts.Select(t => t.LabelText), Is.EqualTo(s.Incidents.Select(i => i.Label)));
    }

    [Test]
    public void PlaceFaultLabels_GivesUpWhenLabelsCannotFitInThreeRows()
    {
        var crowded = Enumerable.Range(0, 8).Select(i => ("container-crash (replica 1)", i * 1.0)).ToList();
        Assert.That(Charts.PlaceFaultLabels(crowded, 100), Is.Null);
        var spaced = Enumerable.Range(0, 8).Select(i => ("deploy", i * 12.0)).ToList();
        Assert.That(Charts.PlaceFaultLabels(spaced, 100)!.Select(p => p.Row), Is.All.EqualTo(0));
    }

    /// <summary>The right-most time tick (30 of 30 minutes) sits on the plot's right edge; half of it used to be cut off.</summary>
    [Test]
    public void RightMostTickLabel_StaysInsideTheImage()
    {
        var dir = Path.GetDirectoryName(TestScenario.WriteTemp("{}"))!;
        var s = TestScenario.Run(SevenFaults);
        foreach (var (name, plot) in new[] { ("outcomes", Charts.Outcomes(s)), ("writes", Charts.Writes(s)), ("latency", Charts.Latency(s)) })
        {
            var path = Path.Combine(dir, name);
            Charts.Save(plot, path);
            using var bitmap = SKBitmap.Decode(path + ".png");
            var dark = 0;
            for (var x = bitmap.Width - 6; x < bitmap.Width; x++)
            {
                for (var y = 0; y < bitmap.Height; y++)
                {
                    var p = bitmap.GetPixel(x, y);
                    dark += p.Red + p.Green + p.Blue < 3 * 160 ? 1 : 0;
                }
            }
            Assert.That(dark, Is.Zero, $"{name}: nothing drawn in the last 6 pixel columns");
        }
    }

    /// <summary>Tick labels follow the current culture in ScottPlot (16.000 and 0,5 under de-DE); the files must not.</summary>
    [TestCase("de-DE")]
    [TestCase("ar-SA")]
    [TestCase("fr-FR")]
    public void Charts_AreByteIdenticalUnderAnyCulture(string culture)
    {
        var s = TestScenario.Run(SevenFaults);
        var d = new SweepDefinition("seven", "seven.json", "", "storage.failoverTime", ["30s", "60s", "{\"exponential\": {\"mean\": \"60s\"}}"], 3, 1, []);
        SweepRow Row(string v, double a) => new(v, [.. SweepMetrics.All.Select(_ => new SweepCell(a, 0.01, a - 0.02, a + 0.02, null))]);
        var rows = new[] { Row("30s", 0.95), Row("60s", 0.9), Row("e", 0.8725) };
        IEnumerable<(string Name, Action<string> Save)> Charts_() =>
        [
            ("outcomes", p => Charts.Save(Charts.Outcomes(s), p)),
            ("writes", p => Charts.Save(Charts.Writes(s), p)),
            ("latency", p => Charts.Save(Charts.Latency(s), p)),
            ("sweep", p => Charts.Save(SweepCharts.Chart(d, rows, "availability"), p)),
            ("timelines", p => Charts.Save(Charts.ComparisonTimelines([s, s]), p, Charts.Width, 900)),
        ];
        var invariant = Path.GetDirectoryName(TestScenario.WriteTemp("{}"))!;
        var local = Path.GetDirectoryName(TestScenario.WriteTemp("{}"))!;
        foreach (var (name, save) in Charts_())
        {
            save(Path.Combine(invariant, name));
        }
        var saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            foreach (var (name, save) in Charts_())
            {
                save(Path.Combine(local, name));
            }
            Assert.That(CultureInfo.CurrentCulture.Name, Is.EqualTo(culture), "the caller's culture is restored");
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = saved;
        }
        foreach (var (name, _) in Charts_())
        {
            foreach (var ext in new[] { ".png", ".svg" })
            {
                Assert.That(File.ReadAllBytes(Path.Combine(local, name + ext)), Is.EqualTo(File.ReadAllBytes(Path.Combine(invariant, name + ext))), name + ext);
            }
        }
    }

    [Test]
    public void SweepCharts_AddUnansweredOnlyWhereItDiffersFromDowntime()
    {
        SweepRow Row(string v, double downtime, double unanswered) => new(v, [.. SweepMetrics.All.Select(m =>
            new SweepCell(m.Name == "downtimeSeconds" ? downtime : m.Name == "unansweredSeconds" ? unanswered : 1, 0, 0, 0, null))]);
        Assert.That(SweepCharts.ChartedFor([Row("5s", 60, 60.4), Row("30s", 62, 62.1)]), Is.EqualTo(SweepCharts.Charted));
        Assert.That(SweepCharts.ChartedFor([Row("5s", 60, 60.4), Row("30s", 6, 66)]), Is.EqualTo(SweepCharts.Charted.Append("unansweredSeconds")));
    }

    [Test]
    public void SweepChart_FractionsRunFromZeroToAtMostOne_CategoriesEvenlySpaced()
    {
        var d = new SweepDefinition("s", "s.json", "", "storage.failoverTime", ["30s", "60s", "120s", "{\"exponential\": {\"mean\": \"60s\"}}"], 3, 1, []);
        SweepRow Row(string v, double a, double half) => new(v, [.. SweepMetrics.All.Select(_ => new SweepCell(a, half, a - half, a + half, null))]);
        var rows = new[] { Row("30s", 0.0, 0.0), Row("60s", 0.01, 0.05), Row("120s", 0.95, 0.08), Row("e", 0.5, 0.2) };
        Assert.That(SweepCharts.Charted.Count(m => double.IsFinite(SweepCharts.Ceiling(m))), Is.GreaterThanOrEqualTo(3), "fractions are charted");
        foreach (var metric in SweepCharts.Charted)
        {
            var plot = SweepCharts.Chart(d, rows, metric);
            var limits = plot.Axes.GetLimits();
            Assert.That(limits.Bottom, Is.EqualTo(0), metric);
            var ceiling = SweepCharts.Ceiling(metric);
            if (double.IsFinite(ceiling))
            {
                Assert.That(limits.Top, Is.LessThanOrEqualTo(1.05 * ceiling), metric);
                var bars = plot.GetPlottables().OfType<ErrorBar>().Single();
                for (var i = 0; i < rows.Length; i++)
                {
                    Assert.That(bars.Ys[i] - bars.YErrorNegative![i], Is.GreaterThanOrEqualTo(0), $"{metric}: interval clipped at 0");
                    Assert.That(bars.Ys[i] + bars.YErrorPositive![i], Is.LessThanOrEqualTo(ceiling), $"{metric}: interval clipped at the whole");
                }
            }
            var sim = plot.GetPlottables().OfType<Scatter>().Last();
            Assert.That(sim.LineWidth, Is.Zero, "categories are not joined by a line");
        }
        var (xs, _, ticks) = SweepCharts.Axis(d.Values);
        Assert.That(xs, Is.EqualTo(new double[] { 0, 1, 2, 3 }));
        Assert.That(ticks, Is.EqualTo(new[] { "30s", "60s", "120s", "exponential mean 60s" }));
        var (numeric, unit, _) = SweepCharts.Axis(["30s", "60s", "120s"]);
        Assert.That(numeric, Is.EqualTo(new double[] { 30, 60, 120 }));
        Assert.That(unit, Is.EqualTo(" (seconds)"));
        // Durations are numbers on their axis: joined by a line, as the README says.
        var durations = d with { Values = ["30s", "60s", "120s"] };
        var line = SweepCharts.Chart(durations, rows[..3], "downtimeSeconds").GetPlottables().OfType<Scatter>().Last();
        Assert.That(line.LineWidth, Is.GreaterThan(0), "durations are joined by a line");
    }
}

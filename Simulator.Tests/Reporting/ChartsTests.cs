using ReplicaSim.Metrics;
using ReplicaSim.Model;
using ReplicaSim.Reporting;
using ReplicaSim.Tests.Support;
using ScottPlot.Plottables;

namespace ReplicaSim.Tests.Reporting;

/// <summary>Charts are checked on the plot objects: the series they hold and the fault windows they shade.</summary>
public sealed class ChartsTests
{
    private static RunSummary Run() => TestScenario.Run("""
        { "duration": "20m", "service": { "replicas": 2 },
          "faults": [ { "at": "5m", "kind": "container-restart" }, { "at": "12m", "kind": "zone-outage", "zone": "az-b", "duration": "3m" } ] }
        """);

    [Test]
    public void Outcomes_StacksTheFourOutcomesInTheirColoursAndShadesEachFault()
    {
        var s = Run();
        var plot = Charts.Outcomes(s);
        var bars = plot.GetPlottables().OfType<BarPlot>().ToList();
        Assert.That(bars.Select(b => b.LegendText), Is.EqualTo(new[] { "ok", "missing", "stale", "error" }));
        Assert.That(bars.Select(b => b.Bars.First().FillColor), Is.EqualTo(Names.Outcomes.Select(Palette.Of)));
        var spans = plot.GetPlottables().OfType<HorizontalSpan>().ToList();
        Assert.That(spans, Has.Count.EqualTo(2));
        Assert.That(spans[0].X1, Is.EqualTo(5).Within(1e-9), "minutes");
        Assert.That(spans[1].X1, Is.EqualTo(12).Within(1e-9));
        Assert.That(spans[1].X2, Is.EqualTo(15).Within(1e-9), "the outage window ends when the zone returns");
        var labels = plot.GetPlottables().OfType<Text>().Select(t => t.LabelText).ToList();
        Assert.That(labels, Is.EquivalentTo(new[] { "container-restart", "zone-outage az-b" }));
        // The stacked bars add up to the requests per second in each bar.
        var total = bars.Sum(b => b.Bars.Sum(x => (x.Value - x.ValueBase) * x.Size * 60));
        Assert.That(total, Is.EqualTo((double)s.Requests.Total).Within(0.5));
        Assert.That(plot.Axes.Bottom.Label.Text, Is.EqualTo("simulated time (minutes)"));
        Assert.That(plot.Axes.Left.Label.Text, Is.EqualTo("requests per second"));
    }

    [Test]
    public void Writes_HasTotalsAndOneRecordLinePerReplica()
    {
        var plot = Charts.Writes(Run());
        var lines = plot.GetPlottables().OfType<Scatter>().Select(x => x.LegendText).ToList();
        Assert.That(lines, Is.EqualTo(new[]
        {
            "writes acknowledged (total)", "acknowledged writes lost (total)", "records in replica 1's app.db", "records in replica 2's app.db",
        }));
    }

    [Test]
    public void Latency_HasP50AndP99InMilliseconds()
    {
        var plot = Charts.Latency(Run());
        Assert.That(plot.GetPlottables().OfType<Scatter>().Select(x => x.LegendText), Is.EqualTo(new[] { "p99 (1 request in 100 is slower)", "p50 (median)" }));
        Assert.That(plot.Axes.Left.Label.Text, Is.EqualTo("latency (ms)"));
    }

    [Test]
    public void Database_HasCpuConnectionsCreditsAndIo_WithTheFaultsShaded_AndIsNullWhenLimitsAreOff()
    {
        // db.t3.micro in standard mode with 2 credits: 20 requests/s x 20 ms = 0.4 vCPU (20 % of 2 vCPUs) spends
        // 2 credits (120 vCPU-seconds) in 120 / (0.4 - 0.2) = 600 s, at 10 min.
        var s = TestScenario.Run("""
            { "duration": "20m", "zones": ["az-a", "az-b"],
              "storage": { "kind": "rds", "standby": true, "queryCpuTime": "20ms", "cpuCredits": { "mode": "standard", "balance": 2 },
                           "storageType": "gp2", "allocatedGiB": 50 },
              "faults": [ { "at": "15m", "kind": "database-failure" } ] }
            """);
        var mp = Charts.Database(s)!;
        var rows = mp.Subplots.GetPlots();
        Assert.That(rows.Select(p => p.Axes.Title.Label.Text), Is.EqualTo(new[]
        {
            "Writer CPU busy (db.t3.micro, 2 vCPUs)", "Connections open at the server (most at once)", "CPU credit balance (standard mode)",
            "Commits and the volume's IOPS (gp2, 50 GiB)", "gp2 I/O credit balance",
            "Database volume: space used and allocated (storage autoscaling)",
        }));
        // The failover is the fault's own window; the DNS TTL (5 s by default) and the backlog after it are shaded
        // in their own colours, from where the measured outage says each begins (database.outages[]).
        var o = s.Database!.Outages.Single();
        var up = (o.StartSeconds + o.FailoverSeconds) / 60;
        foreach (var plot in rows.Append(Charts.Latency(s)))
        {
            var spans = plot.GetPlottables().OfType<HorizontalSpan>().ToList();
            Assert.That(spans.Count(x => x.FillColor == Palette.Fault), Is.EqualTo(s.Incidents.Count), "the database failure is shaded");
            var dns = spans.Single(x => x.FillColor == Charts.OutageDns);
            Assert.That((dns.X1, dns.X2), Is.EqualTo((up, up + (5.0 / 60))).Within(1e-9));
            Assert.That(o.BacklogSeconds > 0, Is.EqualTo(spans.Any(x => x.FillColor == Charts.OutageBacklog)));
        }
        Assert.That(rows[0].GetPlottables().OfType<HorizontalSpan>().Select(x => x.LegendText).Where(t => t.Length > 0), Has.Exactly(1).Contains("dnsTtl"));
        var cpu = rows[0].GetPlottables().OfType<Scatter>().Single().Data.GetScatterPoints();
        Assert.That(cpu.Where(p => p.X < 4).Average(p => p.Y), Is.EqualTo(20).Within(3), "20 % of the vCPUs busy");
        var credits = rows[2].GetPlottables().OfType<Scatter>().Single().Data.GetScatterPoints();
        Assert.That(credits.First(p => p.Y <= 0.01).X, Is.EqualTo(10).Within(1), "credits run out at about 10 min");
        Assert.That(Charts.Database(TestScenario.Run("""{ "duration": "2m", "storage": { "kind": "rds" } }""")), Is.Null);
    }

    [Test]
    public void DatabaseChart_AFillingVolume_UsedSpaceAgainstItsSize()
    {
        // 2 creates per second of 1 MiB on 1 GiB without autoscaling: full after about 1 GiB / 2 MiB/s = 512 s, grown by hand 2 min later.
        var s = TestScenario.Run("""
            { "duration": "15m", "seed": 3, "timelineBucket": "10s",
              "storage": { "kind": "rds", "allocatedGiB": 1, "autoscaling": false, "alertDelay": "2m" },
              "workload": { "arrivalRate": 4, "recordBytes": 1048576, "mix": { "create": 0.5, "readOwn": 0.5 } } }
            """);
        var volume = Charts.Database(s)!.Subplots.GetPlots().Single();
        var lines = volume.GetPlottables().OfType<Scatter>().ToList();
        var used = lines.Single(l => l.LegendText.StartsWith("space used", StringComparison.Ordinal)).Data.GetScatterPoints();
        var allocated = lines.Single(l => l.LegendText.StartsWith("allocated", StringComparison.Ordinal)).Data.GetScatterPoints();
        var full = s.Database!.Volume!.FullAt!.Value.Seconds;
        Assert.Multiple(() =>
        {
            Assert.That(volume.Axes.Title.Label.Text, Is.EqualTo("Database volume: space used and allocated (grown by hand)"));
            // Used space is the created records' bytes (a write refused while full takes none).
            Assert.That(used[^1].Y, Is.EqualTo(s.RecordsCreated * 1048576 / (1024.0 * 1024 * 1024)).Within(1e-9));
            Assert.That(allocated[0].Y, Is.EqualTo(1));
            // Grown by the largest of 10 GiB, 10 % or 7 h of growth at the average rate so far (1 GiB in full + 120 s): the last, some 40 GiB.
            Assert.That(allocated[^1].Y, Is.EqualTo(1 + (7 * 3600 / (full + 120))).Within(1e-6));
            // The x axis is in minutes for a 15-minute run; the first bucket ending after the growth, 2 min after it filled.
            Assert.That(allocated.First(p => p.Y > 1).X * 60, Is.EqualTo(full + 120).Within(10));
        });
    }

    [Test]
    public void ReportHtml_CarriesTheDatabaseSeries_OnlyWhenTheyAreModelled()
    {
        static System.Text.Json.JsonElement Timeline(RunSummary s)
        {
            using var buffer = new MemoryStream();
            using (var w = new System.Text.Json.Utf8JsonWriter(buffer))
            {
                ReplicaSim.Reporting.Html.ReplayJson.Write(w, s);
            }
            return System.Text.Json.JsonDocument.Parse(buffer.ToArray()).RootElement.GetProperty("timeline").Clone();
        }
        var on = TestScenario.Run("""{ "duration": "2m", "storage": { "kind": "rds", "queryCpuTime": "10ms", "storageType": "gp2" } }""");
        var db = Timeline(on).GetProperty("database");
        Assert.Multiple(() =>
        {
            Assert.That(db.GetProperty("cpuBusyPercent").GetArrayLength(), Is.EqualTo(on.Timeline.Count));
            Assert.That(db.GetProperty("connections")[5].GetInt64(), Is.EqualTo(on.Timeline.Database!.Connections[5]));
            Assert.That(db.GetProperty("cpuCredits").GetArrayLength(), Is.EqualTo(on.Timeline.Count));
            Assert.That(db.GetProperty("ioCreditsMillions")[0].GetDouble(), Is.EqualTo(5.4).Within(1e-3));
            Assert.That(Timeline(TestScenario.Run("""{ "duration": "2m", "storage": { "kind": "rds" } }""")).TryGetProperty("database", out _), Is.False);
        });
    }

    /// <summary>report.html's marked moments keep the report's order: an error of a request that set out just before the
    /// database failed is marked at the failure, not before it (database-failover: one arrived at 00:04:59.979).</summary>
    [Test]
    public void ReportHtml_MarksNoAnomalyBeforeTheFaultBehindIt()
    {
        var file = Path.Combine(TestScenario.RepoRoot(), "scenarios", "database-failover.json");
        var s = Runner.Run(ReplicaSim.Scenarios.ScenarioLoader.LoadVariants(file).Single(v => v.Variant == "rds-multi-az"));
        using var buffer = new MemoryStream();
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            ReplicaSim.Reporting.Html.ReplayJson.Write(w, s);
        }
        var markers = System.Text.Json.JsonDocument.Parse(buffer.ToArray()).RootElement.GetProperty("markers").EnumerateArray().ToList();
        var error = markers.Single(m => m.GetProperty("kind").GetString() == "error");
        var fault = s.Incidents.Single(i => i.FaultKind == FaultKind.DatabaseFailure).Start.Seconds;
        var first = s.FirstAnomalies.Single(a => a.Request.Outcome == Outcome.Error).Request;
        Assert.Multiple(() =>
        {
            Assert.That(first.Invoke.Seconds, Is.LessThan(fault), "the scenario still has a request that set out before the fault");
            Assert.That(error.GetProperty("t").GetDouble(), Is.EqualTo(fault), "marked at the fault");
            Assert.That(markers.Select(m => m.GetProperty("t").GetDouble()), Is.Ordered);
        });
    }

    [Test]
    public void Save_WritesPngAndSvg()
    {
        var dir = Path.GetDirectoryName(TestScenario.WriteTemp("{}"))!;
        var path = Path.Combine(dir, "chart");
        Charts.Save(Charts.Outcomes(Run()), path);
        Assert.That(new FileInfo(path + ".png").Length, Is.GreaterThan(10_000));
        Assert.That(File.ReadAllText(path + ".svg"), Does.Contain("<svg"));
    }
}

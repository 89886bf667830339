using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ReplicaSim.Metrics;
using ReplicaSim.Model;
using ReplicaSim.Scenarios;
using ReplicaSim.Tests.Support;
using Capture = ReplicaSim.Tests.Support.Capture;

namespace ReplicaSim.Tests.Reporting;

/// <summary>report.html: its data against summary.json and timeline.csv, and the page itself in a real (headless) Chromium.</summary>
[NonParallelizable]
public sealed partial class HtmlReportTests
{
    private const double ZoneOutage = 4830; // lesson.json: az-a goes dark at 80 min for 30 min; half a minute in
    private static readonly string[] Variants = ["sqlite", "rds-single-az", "rds-multi-az"];
    private string _out = "";
    private string _lesson = "";

    [OneTimeSetUp]
    public void CompareTheLesson()
    {
        _lesson = Path.Combine(TestScenario.RepoRoot(), "scenarios", "lesson.json");
        _out = Path.Combine(Path.GetDirectoryName(TestScenario.WriteTemp("{}"))!, "lesson");
        var (code, _, err) = CliRunner.Run("compare", _lesson, "--out", _out);
        Assert.That(code, Is.EqualTo(0), err);
    }

    private static JsonObject Data(string page)
    {
        var m = DataElement().Match(page);
        Assert.That(m.Success, Is.True, "report.html has no data element");
        return JsonNode.Parse(m.Groups[1].Value)!.AsObject();
    }

    private static List<Dictionary<string, string>> Csv(string path)
    {
        var lines = File.ReadAllLines(path);
        var head = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => head.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second))];
    }

    private static long Sum(JsonNode? array) => array!.AsArray().Sum(v => v!.GetValue<long>());

    [Test]
    public void EveryRunAndTheComparison_WriteOneReportHtml_UnderThreeMegabytes()
    {
        foreach (var path in Variants.Select(v => Path.Combine(_out, v, "report.html")).Append(Path.Combine(_out, "report.html")))
        {
            Assert.That(File.Exists(path), Is.True, path);
            var page = File.ReadAllText(path);
            Assert.That(new FileInfo(path).Length, Is.LessThanOrEqualTo(3_000_000), path);
            // Self-contained: nothing is loaded from elsewhere.
            Assert.That(page, Does.Not.Contain("<link").And.Not.Contain("@import").And.Not.Match(@"\b(src|href)\s*=\s*[""']?(https?:)?//"), path);
            Assert.That(page, Does.Not.Contain("{{").And.Not.Contain("/*{{"), "a template placeholder was left: " + path);
        }
    }

    [Test]
    public void EmbeddedNumbers_EqualSummaryJsonAndTimelineCsv()
    {
        var comparison = Data(File.ReadAllText(Path.Combine(_out, "report.html")))["runs"]!.AsArray();
        Assert.That(comparison.Select(r => r!["name"]!.GetValue<string>()), Is.EqualTo(Variants));
        for (var i = 0; i < Variants.Length; i++)
        {
            var dir = Path.Combine(_out, Variants[i]);
            var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!;
            var run = Data(File.ReadAllText(Path.Combine(dir, "report.html")))["runs"]!.AsArray().Single()!;
            Assert.That(JsonNode.DeepEquals(run["summary"], summary), Is.True, $"{Variants[i]}: the page's summary differs from summary.json");
            Assert.That(JsonNode.DeepEquals(comparison[i]!["summary"], summary), Is.True, $"{Variants[i]}: the comparison page's summary differs from summary.json");

            var timeline = run["timeline"]!;
            var csv = Csv(Path.Combine(dir, "timeline.csv"));
            foreach (var (key, column) in new[] { ("ok", "ok"), ("missing", "missing"), ("stale", "stale"), ("error", "error"), ("acknowledged", "writes_acknowledged"), ("lost", "writes_lost") })
            {
                Assert.That(timeline[key]!.AsArray().Select(v => v!.GetValue<long>()), Is.EqualTo(csv.Select(r => long.Parse(r[column], CultureInfo.InvariantCulture))), $"{Variants[i]} {key}");
            }
            var requests = summary["requests"]!;
            foreach (var o in new[] { "ok", "missing", "stale", "error" })
            {
                Assert.That(Sum(timeline[o]), Is.EqualTo(requests[o]!.GetValue<long>()), $"{Variants[i]}: {o}");
            }
            Assert.That(Sum(timeline["acknowledged"]), Is.EqualTo(summary["writes"]!["acknowledged"]!.GetValue<long>()));

            // The first anomalies are marked, at summary.json's instants, explained in report.md's words.
            var report = File.ReadAllText(Path.Combine(dir, "report.md"));
            var markers = run["markers"]!.AsArray();
            foreach (var (kind, first) in summary["firstAnomalies"]!.AsObject())
            {
                var marker = markers.FirstOrDefault(m => m!["kind"]!.GetValue<string>() == kind);
                Assert.That(marker, Is.Not.Null, $"{Variants[i]}: no marker for the first {kind}");
                Assert.That(marker!["t"]!.GetValue<double>(), Is.EqualTo(first!["at"]!.GetValue<double>()).Within(1e-4), $"{Variants[i]}: first {kind}");
                Assert.That(report, Does.Contain(marker["text"]!.GetValue<string>()), $"{Variants[i]}: the {kind} marker's text is not the report's");
            }

            // The sample is bounded and holds every variant's first anomalies.
            var sampled = run["replay"]!["requests"]!.AsArray();
            Assert.That(sampled, Has.Count.LessThanOrEqualTo(ReplayRecorder.MaxRequests));
            foreach (var (kind, first) in summary["firstAnomalies"]!.AsObject())
            {
                if (first!["request"] is { } id)
                {
                    Assert.That(sampled.Any(q => q![0]!.GetValue<long>() == id.GetValue<long>()), Is.True, $"{Variants[i]}: the first {kind} request is not in the sample");
                }
            }
        }
    }

    [Test]
    public void Sample_TakesTheSameRequestIdsInEveryVariant()
    {
        var runs = Data(File.ReadAllText(Path.Combine(_out, "report.html")))["runs"]!.AsArray();
        var stride = runs[0]!["replay"]!["sampleStride"]!.GetValue<long>();
        var ids = runs.Select(r => r!["replay"]!["requests"]!.AsArray().Select(q => q![0]!.GetValue<long>()).Where(id => id % stride == 0).Order().ToList()).ToList();
        Assert.That(ids[0], Has.Count.GreaterThan(1000));
        // Requests in flight at the end of the run may differ between variants.
        var common = ids.Min(x => x.Count) - 10;
        foreach (var other in ids.Skip(1))
        {
            Assert.That(other.Take(common), Is.EqualTo(ids[0].Take(common)));
        }
    }

    /// <summary>What each container was doing at <paramref name="t"/>, from the model's own events, in the page's words.</summary>
    private static Dictionary<string, string> ContainersAt(Scenario scenario, double t)
    {
        var capture = new Capture();
        Runner.Run(scenario, capture);
        var states = new Dictionary<string, string>();
        foreach (var (at, kind, name) in capture.ContainerEvents.Where(e => e.At.Seconds <= t))
        {
            if (states.GetValueOrDefault(name) == "down")
            {
                continue; // stopped for good
            }
            states[name] = kind switch
            {
                ContainerEvent.Launched => "booting",
                ContainerEvent.Running => "running",
                ContainerEvent.Healthy => "healthy",
                ContainerEvent.Unhealthy => "unhealthy",
                ContainerEvent.Deregistered => "draining",
                _ => "down",
            };
        }
        return states.Where(s => s.Value != "down").ToDictionary();
    }

    private static string Browser()
    {
        var browser = HeadlessChromium.Find();
        if (browser is null)
        {
            Assert.Ignore("no Chromium found (install Debian's chromium, or set REPLICASIM_CHROMIUM to a Chromium or Chrome executable): the browser test is skipped");
        }
        return browser!;
    }

    [Test]
    public void Page_LoadsWithoutErrorOrNetwork_AndTheSliderShowsTheStateAtThatInstant()
    {
        var browser = Browser();
        var page = Path.Combine(_out, "report.html");
        var url = new Uri(page).AbsoluteUri;
        using var chromium = HeadlessChromium.Launch(browser);
        chromium.Open(url);
        Assert.That(chromium.Evaluate("document.querySelectorAll('.run').length")!.GetValue<int>(), Is.EqualTo(3));
        // The question shown, and the answers folded away until asked for: each variant's, as report.md gives it.
        Assert.That(chromium.Evaluate("document.querySelector('#answers p').textContent")!.GetValue<string>(), Does.StartWith("Question: Which architecture"));
        Assert.That(chromium.Evaluate("document.querySelector('#answers details').open")!.GetValue<bool>(), Is.False);
        Assert.That(chromium.Evaluate("document.querySelectorAll('#answers details p').length")!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(chromium.Evaluate("document.querySelector('#answers details p').textContent")!.GetValue<string>(), Does.StartWith("sqlite: ").And.Contain("(correctness)"));
        Assert.That(chromium.Evaluate("document.querySelectorAll('.uplot').length")!.GetValue<int>(), Is.EqualTo(9), "three charts per variant");
        Assert.That(chromium.Evaluate("[...document.querySelectorAll('.chart')].every(h => h.querySelector('.uplot').offsetWidth <= h.clientWidth + 1)")!.GetValue<bool>(),
            Is.True, "each chart fits its place in the row as the page opens, without a resize of the window");

        // Move the slider as a user does: set its value and fire its input event.
        var read = chromium.Evaluate($$"""
            (() => {
              const s = document.getElementById('slider');
              s.value = String({{ZoneOutage * 1000}});
              s.dispatchEvent(new Event('input', { bubbles: true }));
              return JSON.stringify({
                clock: document.getElementById('clock').textContent,
                runs: [...document.querySelectorAll('.run')].map(r => ({
                  counters: Object.fromEntries([...r.querySelectorAll('[data-counter]')].map(c => [c.dataset.counter, c.textContent])),
                  containers: [...r.querySelectorAll('g.container')].map(c => [c.dataset.name, c.dataset.state, c.dataset.zone]),
                  zones: Object.fromEntries([...r.querySelectorAll('g.zone')].map(z => [z.dataset.zone, z.dataset.up])),
                  stores: [...r.querySelectorAll('g.store')].map(s => [s.dataset.role, s.dataset.zone || '', s.dataset.up || '', s.dataset.records || '']),
                })),
              });
            })()
            """)!.GetValue<string>();
        var state = JsonNode.Parse(read)!;
        Assert.That(state["clock"]!.GetValue<string>(), Is.EqualTo("01:20:30.000"));
        var variants = ScenarioLoader.LoadVariants(_lesson);
        for (var i = 0; i < Variants.Length; i++)
        {
            var run = state["runs"]![i]!;
            var dir = Path.Combine(_out, Variants[i]);
            // Counters: the timeline buckets that ended by then.
            var rows = Csv(Path.Combine(dir, "timeline.csv")).Where(r => double.Parse(r["bucket_end_s"], CultureInfo.InvariantCulture) <= ZoneOutage).ToList();
            foreach (var (counter, column) in new[] { ("ok", "ok"), ("missing", "missing"), ("stale", "stale"), ("error", "error"), ("requests", "requests"), ("acknowledged", "writes_acknowledged"), ("lost", "writes_lost") })
            {
                var expected = rows.Sum(r => long.Parse(r[column], CultureInfo.InvariantCulture));
                Assert.That(long.Parse(run["counters"]![counter]!.GetValue<string>(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture), Is.EqualTo(expected), $"{Variants[i]}: {counter}");
            }
            // Containers: every one alive is drawn in its state; az-a's are down with their zone.
            var drawn = run["containers"]!.AsArray().Select(c => (Name: c![0]!.GetValue<string>(), State: c[1]!.GetValue<string>(), Zone: c[2]!.GetValue<string>())).ToList();
            var alive = ContainersAt(variants[i], ZoneOutage);
            Assert.That(drawn.Where(c => c.State != "down").ToDictionary(c => c.Name, c => c.State), Is.EquivalentTo(alive), Variants[i]);
            Assert.That(drawn.Where(c => c.Zone == "az-a").Select(c => c.State), Is.Not.Empty.And.All.EqualTo("down"), Variants[i]);
            Assert.That(run["zones"]!["az-a"]!.GetValue<string>(), Is.EqualTo("false"));
            Assert.That(run["zones"]!["az-b"]!.GetValue<string>(), Is.EqualTo("true"));
            var stores = run["stores"]!.AsArray().Select(s => s!.AsArray().Select(v => v!.GetValue<string>()).ToArray()).ToList();
            switch (Variants[i])
            {
                case "sqlite":
                    Assert.That(stores.Select(s => s[0]), Is.Not.Empty.And.All.EqualTo("app.db"));
                    break;
                case "rds-single-az":
                    Assert.That(stores.Single(s => s[0] == "primary")[1..3], Is.EqualTo(new[] { "az-a", "false" }), "single-AZ: the primary is down with az-a");
                    break;
                default:
                    Assert.That(stores.Any(s => s[0] == "primary"), Is.True);
                    break;
            }
        }

        // Keyboard: A steps to the next marked anomaly and the side panel explains it in the report's words.
        chromium.Evaluate("window.replicasim.seek(0); document.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true })); 0");
        var sqlite = JsonNode.Parse(File.ReadAllText(Path.Combine(_out, "sqlite", "summary.json")))!;
        var firstMissing = sqlite["firstAnomalies"]!["missing"]!["at"]!.GetValue<double>();
        Assert.That(chromium.Evaluate("document.getElementById('clock').textContent")!.GetValue<string>(), Is.EqualTo(Clock(firstMissing)));
        var now = chromium.Evaluate("document.querySelector('#now .card[data-run=\"sqlite\"]').textContent")!.GetValue<string>();
        Assert.That(now, Does.Contain("The first missing record").And.Contain(Clock(firstMissing)));
        var sentence = now[now.IndexOf("The first missing record", StringComparison.Ordinal)..now.IndexOf("The same request", StringComparison.Ordinal)];
        Assert.That(File.ReadAllText(Path.Combine(_out, "sqlite", "report.md")), Does.Contain(sentence));

        // The same request in every variant, as the model answered it there.
        var id = sqlite["firstAnomalies"]!["missing"]!["request"]!.GetValue<long>();
        var same = JsonNode.Parse(chromium.Evaluate("JSON.stringify(Object.fromEntries([...document.querySelectorAll('#now .card[data-run=\"sqlite\"] [data-same-run]')].map(l => [l.dataset.sameRun, l.dataset.outcome])))")!.GetValue<string>())!;
        for (var i = 0; i < Variants.Length; i++)
        {
            var capture = new Capture();
            Runner.Run(variants[i], capture);
            var outcome = capture.Requests.Single(r => r.Id == id).Outcome;
            Assert.That(same[Variants[i]]!.GetValue<string>(), Is.EqualTo(Names.Of(outcome)), $"request {id} in {Variants[i]}");
        }

        // Play at x1000 moves the clock.
        chromium.Evaluate("document.getElementById('speed').value = '1000'; document.getElementById('speed').dispatchEvent(new Event('change')); document.getElementById('play').click(); 0");
        Assert.That(chromium.Evaluate("new Promise(done => setTimeout(() => done(document.getElementById('play').textContent), 400))")!.GetValue<string>(), Does.Contain("Pause"));
        var moved = chromium.Evaluate("document.getElementById('clock').textContent")!.GetValue<string>();
        Assert.That(TimeSpan.Parse(moved, CultureInfo.InvariantCulture).TotalSeconds, Is.GreaterThan(firstMissing + 50));

        // A single run's page too.
        var single = new Uri(Path.Combine(_out, "sqlite", "report.html")).AbsoluteUri;
        chromium.Open(single);
        Assert.That(chromium.Evaluate("document.querySelectorAll('.run').length + ' ' + document.querySelectorAll('.uplot').length")!.GetValue<string>(), Is.EqualTo("1 3"));
        Assert.That(chromium.Evaluate("window.replicasim.seek(7200); document.querySelector('[data-counter=requests]').textContent")!.GetValue<string>(),
            Is.EqualTo(sqlite["requests"]!["total"]!.GetValue<long>().ToString("N0", CultureInfo.InvariantCulture)), "at the end, the counters are summary.json's");

        Assert.That(chromium.Errors, Is.Empty, "console errors or exceptions");
        Assert.That(chromium.Requests.Where(r => r != url && r != single), Is.Empty, "the pages made network requests");
    }

    [Test]
    public void ALongRun_OpensAtASpeedThatPlaysItInMinutes_AndItsChartsHaveDayTicks()
    {
        var browser = Browser();
        var file = TestScenario.WriteTemp("""
            { "name": "long", "seed": 2, "duration": "90d", "service": { "replicas": 2 }, "storage": { "kind": "rds" },
              "workload": { "arrivalRate": 0.2, "clients": 50 } }
            """);
        var dir = Path.Combine(Path.GetDirectoryName(file)!, "out");
        var (code, _, err) = CliRunner.Run("run", file, "--out", dir);
        Assert.That(code, Is.EqualTo(0), err);
        var url = new Uri(Path.Combine(dir, "report.html")).AbsoluteUri;
        using var chromium = HeadlessChromium.Launch(browser);
        chromium.Open(url);
        Assert.Multiple(() =>
        {
            // 90 days (7,776,000 s) take 778 s at x10,000, 78 s at x100,000: the slowest speed within ten minutes.
            Assert.That(chromium.Evaluate("document.getElementById('speed').value")!.GetValue<string>(), Is.EqualTo("100000"));
            // uPlot draws the tick labels on its canvas; the values it drew are on each chart's axis.
            var ticks = chromium.Evaluate("window.replicasim.plots.map(p => (p.u.axes[0]._values || []).join(' ')).join('|')")!.GetValue<string>();
            // Weeks apart: the increments stopped at 7 days, and 90 days on a third of the page then had no tick at all.
            Assert.That(ticks, Does.Contain("30d").Or.Contain("60d"), "the time axes are labelled in days");
            Assert.That(chromium.Errors, Is.Empty, "console errors or exceptions");
        });
    }

    [Test]
    public void HundredsOfReplicas_DrawAFewContainersPerZone_AndCountTheRest()
    {
        var browser = Browser();
        var file = TestScenario.WriteTemp("""
            { "name": "wide", "seed": 2, "duration": "2m", "zones": ["az-a", "az-b"], "service": { "replicas": 200 },
              "storage": { "kind": "rds" }, "workload": { "arrivalRate": 50 } }
            """);
        var dir = Path.Combine(Path.GetDirectoryName(file)!, "out");
        var (code, _, err) = CliRunner.Run("run", file, "--out", dir);
        Assert.That(code, Is.EqualTo(0), err);
        using var chromium = HeadlessChromium.Launch(browser);
        chromium.Open(new Uri(Path.Combine(dir, "report.html")).AbsoluteUri);
        chromium.Evaluate("window.replicasim.seek(60); 0");
        Assert.Multiple(() =>
        {
            // Six places per zone: five containers and one box for the other 95 of the zone's 100.
            Assert.That(chromium.Evaluate("document.querySelectorAll('.container').length")!.GetValue<int>(), Is.EqualTo(10));
            Assert.That(chromium.Evaluate("[...document.querySelectorAll('.more')].map(m => m.dataset.count).join(',')")!.GetValue<string>(), Is.EqualTo("95,95"));
            Assert.That(chromium.Errors, Is.Empty, "console errors or exceptions");
        });
    }

    private static string Clock(double seconds) => new ReplicaSim.Engine.Instant((long)Math.Round(seconds * 1e6)).ToString();

    [GeneratedRegex("""<script type="application/json" id="replicasim-data">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex DataElement();
}

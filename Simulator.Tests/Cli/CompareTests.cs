using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ReplicaSim.Cli;
using ReplicaSim.Metrics;
using ReplicaSim.Model;
using ReplicaSim.Scenarios;
using ReplicaSim.Tests.Support;
using Capture = ReplicaSim.Tests.Support.Capture;

namespace ReplicaSim.Tests.Cli;

public sealed partial class CompareTests
{
    private const string ThreeWay = """
        { "name": "three", "seed": 5, "duration": "15m", "service": { "replicas": 2 },
          "faults": [ { "at": "3m", "kind": "container-restart" }, { "every": { "exponential": { "mean": "4m" } }, "kind": "container-crash" },
                      { "at": "8m", "kind": "zone-outage", "zone": "az-a", "duration": "4m" } ],
          "variants": { "sqlite": { "storage": { "kind": "sqlite-per-container" } },
                        "single": { "storage": { "kind": "shared" } },
                        "multi": { "storage": { "kind": "shared", "standby": true } } } }
        """;


    [Test]
    public void Variants_SeeIdenticalRequestStreamsAndFaultTimes()
    {
        var variants = ScenarioLoader.LoadVariants(TestScenario.WriteTemp(ThreeWay));
        var captures = variants.Select(v =>
        {
            var c = new Capture();
            var s = Runner.Run(v, c);
            return (Capture: c, Summary: s);
        }).ToList();
        static IEnumerable<(long, long, int, Operation)> Stream(Capture c) =>
            c.Requests.OrderBy(r => r.Id).Select(r => (r.Id, r.Invoke.Microseconds, r.Client, r.RequestedOp));
        var reference = Stream(captures[0].Capture).ToList();
        Assert.That(reference, Has.Count.GreaterThan(10_000));
        foreach (var (capture, summary) in captures.Skip(1))
        {
            // Requests still in flight at the end may differ; everything before is the same stream.
            var other = Stream(capture).ToList();
            var n = Math.Min(reference.Count, other.Count) - 100;
            Assert.That(other.Take(n), Is.EqualTo(reference.Take(n)));
            Assert.That(summary.Incidents.Select(i => (i.Kind, i.Start)), Is.EqualTo(captures[0].Summary.Incidents.Select(i => (i.Kind, i.Start))));
        }
    }

    [Test]
    public void Compare_WritesEveryOutputAndTheReportLinksOnlyToFilesThatExist()
    {
        var file = TestScenario.WriteTemp(ThreeWay);
        var outDir = Path.Combine(Path.GetDirectoryName(file)!, "cmp");
        var (code, output, _) = CliRunner.Run("compare", file, "--out", outDir);
        Assert.That(code, Is.EqualTo(0));
        Assert.That(output, Does.Contain("sqlite").And.Contain("single").And.Contain("multi"));
        foreach (var f in new[] { "comparison.json", "report.md", "comparison-metrics.png", "comparison-metrics.svg", "comparison-timelines.png", "comparison-timelines.svg" })
        {
            Assert.That(File.Exists(Path.Combine(outDir, f)), Is.True, f);
        }
        var reports = Directory.GetFiles(outDir, "report.md", SearchOption.AllDirectories);
        Assert.That(reports, Has.Length.EqualTo(4));
        foreach (var report in reports)
        {
            var text = File.ReadAllText(report);
            var links = Link().Matches(text).Select(m => m.Groups[1].Value).ToList();
            Assert.That(links, Is.Not.Empty);
            foreach (var link in links)
            {
                Assert.That(File.Exists(Path.Combine(Path.GetDirectoryName(report)!, link)), Is.True, $"{report} links to {link}");
            }
            // Every table row has as many cells as its header.
            foreach (var table in text.Split("\n\n").Where(b => b.StartsWith('|')))
            {
                var rows = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                var cells = rows[0].Count(c => c == '|');
                Assert.That(rows.All(r => r.Count(c => c == '|') == cells), Is.True, table);
            }
        }
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "comparison.json")));
        var names = json.RootElement.GetProperty("variants").EnumerateArray().Select(v => v.GetProperty("name").GetString()).ToList();
        Assert.That(names, Is.EqualTo(new[] { "sqlite", "single", "multi" }));
        var lost = json.RootElement.GetProperty("variants").EnumerateArray()
            .Select(v => v.GetProperty("summary").GetProperty("writes").GetProperty("lost").GetInt64()).ToList();
        Assert.That(lost[0], Is.GreaterThan(0));
        Assert.That(lost[1] + lost[2], Is.Zero);
    }

    [Test]
    public void Compare_UnderAnotherCulture_WritesTheSameBytes()
    {
        var file = TestScenario.WriteTemp(ThreeWay);
        var a = Path.Combine(Path.GetDirectoryName(file)!, "a");
        var b = Path.Combine(Path.GetDirectoryName(file)!, "b");
        CliRunner.Run("compare", file, "--out", a);
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            CliRunner.Run("compare", file, "--out", b);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
        foreach (var f in new[] { "comparison.json", "report.md", "sqlite/summary.json", "multi/timeline.csv", "single/report.md" })
        {
            Assert.That(File.ReadAllText(Path.Combine(b, f)), Is.EqualTo(File.ReadAllText(Path.Combine(a, f))), f);
        }
    }

    [Test]
    public void Compare_SeveralFiles_RunOnOneSeed()
    {
        var root = TestScenario.RepoRoot();
        var outDir = Path.Combine(Path.GetDirectoryName(TestScenario.WriteTemp("{}"))!, "two");
        var (code, _, err) = CliRunner.Run("compare", Path.Combine(root, "scenarios", "two-replicas-sqlite.json"), Path.Combine(root, "scenarios", "two-replicas-rds.json"), "--out", outDir, "--seed", "3");
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(Directory.Exists(Path.Combine(outDir, "two-replicas-sqlite")), Is.True);
        Assert.That(Directory.Exists(Path.Combine(outDir, "two-replicas-rds")), Is.True);
    }

    [GeneratedRegex(@"\]\(([^)#]+)\)")]
    private static partial Regex Link();
}

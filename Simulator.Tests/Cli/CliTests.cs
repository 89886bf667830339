using System.Globalization;
using System.Text.Json;
using ReplicaSim.Cli;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Cli;

public sealed class CliTests
{

    private static string TempDir() => Path.GetDirectoryName(TestScenario.WriteTemp("{}"))!;

    private const string Small = """
        { "name": "small", "duration": "3m", "service": { "replicas": 3 },
          "workload": { "arrivalRate": 40, "clients": 50 },
          "faults": [ { "at": "1m", "kind": "container-crash", "replica": 2 } ] }
        """;

    [Test]
    public void Run_InvalidScenario_ExitsOneWithLocationsAndWritesNothing()
    {
        var file = TestScenario.WriteTemp("{ \"service\": { \"replicas\": -1 } }");
        var outDir = Path.Combine(TempDir(), "out");
        var (code, _, err) = CliRunner.Run("run", file, "--out", outDir);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(err, Does.Contain(".json:1: service.replicas: must be a whole number from 1 to 1000"));
            Assert.That(err, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(Directory.Exists(outDir), Is.False, "nothing written");
        });
    }

    [Test]
    public void Run_MissingFile_ExitsOne()
    {
        var (code, _, err) = CliRunner.Run("run", "/nonexistent/x.json");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("cannot read the file"));
    }

    [Test]
    public void Run_BadUsage_ExitsTwo()
    {
        Assert.That(CliRunner.Run("run").Code, Is.EqualTo(2));
        Assert.That(CliRunner.Run("run", "a.json", "--seed", "abc").Code, Is.EqualTo(2));
        Assert.That(CliRunner.Run("frobnicate").Code, Is.EqualTo(2));
    }

    [Test]
    public void Validate_ReportsEveryFile()
    {
        var good = TestScenario.WriteTemp("{}");
        var bad = TestScenario.WriteTemp("{ \"zones\": [] }");
        var (code, output, err) = CliRunner.Run("validate", good, bad);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Does.Contain(": ok"));
        Assert.That(err, Does.Contain("zones: must be a non-empty list"));
    }

    [Test]
    public void Run_SameSeed_GivesByteIdenticalFiles_OtherSeedDoesNot()
    {
        var file = TestScenario.WriteTemp(Small);
        var a = Path.Combine(TempDir(), "a");
        var b = Path.Combine(TempDir(), "b");
        var c = Path.Combine(TempDir(), "c");
        Assert.That(CliRunner.Run("run", file, "--out", a, "--history").Code, Is.EqualTo(0));
        Assert.That(CliRunner.Run("run", file, "--out", b, "--history").Code, Is.EqualTo(0));
        Assert.That(CliRunner.Run("run", file, "--out", c, "--history", "--seed", "99").Code, Is.EqualTo(0));
        foreach (var name in new[] { "summary.json", "timeline.csv", "history.jsonl" })
        {
            Assert.That(File.ReadAllBytes(Path.Combine(b, name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(a, name))), name);
            Assert.That(File.ReadAllBytes(Path.Combine(c, name)), Is.Not.EqualTo(File.ReadAllBytes(Path.Combine(a, name))), name);
        }
        Assert.That(Directory.GetFiles(a, "*.partial"), Is.Empty);
    }

    [Test]
    public void Run_UnderAnotherCulture_WritesTheSameBytes()
    {
        var file = TestScenario.WriteTemp(Small);
        var a = Path.Combine(TempDir(), "a");
        var b = Path.Combine(TempDir(), "b");
        CliRunner.Run("run", file, "--out", a, "--history");
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("de-DE");
            CliRunner.Run("run", file, "--out", b, "--history");
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
            CultureInfo.CurrentUICulture = saved;
        }
        foreach (var name in new[] { "summary.json", "timeline.csv", "history.jsonl" })
        {
            Assert.That(File.ReadAllBytes(Path.Combine(b, name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(a, name))), name);
        }
    }

    [Test]
    public void Summary_AgreesWithHistory()
    {
        var file = TestScenario.WriteTemp(Small);
        var dir = Path.Combine(TempDir(), "h");
        Assert.That(CliRunner.Run("run", file, "--out", dir, "--history").Code, Is.EqualTo(0));
        var lines = File.ReadAllLines(Path.Combine(dir, "history.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        var s = summary.RootElement;
        long Count(string outcome, string? op = null) =>
            lines.Count(l => l.GetProperty("outcome").GetString() == outcome && (op is null || l.GetProperty("op").GetString() == op));
        var requests = s.GetProperty("requests");
        Assert.Multiple(() =>
        {
            Assert.That(requests.GetProperty("total").GetInt64(), Is.EqualTo(lines.Count));
            foreach (var outcome in new[] { "ok", "missing", "stale", "error" })
            {
                Assert.That(requests.GetProperty(outcome).GetInt64(), Is.EqualTo(Count(outcome)), outcome);
                foreach (var op in new[] { "create", "readOwn", "readAny", "update" })
                {
                    Assert.That(s.GetProperty("byOperation").GetProperty(op).GetProperty(outcome).GetInt64(), Is.EqualTo(Count(outcome, op)), op + "/" + outcome);
                }
            }
            Assert.That(s.GetProperty("consistencyViolations").GetInt64(), Is.EqualTo(Count("missing") + Count("stale")));
            Assert.That(s.GetProperty("writes").GetProperty("acknowledged").GetInt64(), Is.EqualTo(Count("ok", "create") + Count("ok", "update")));
            var mean = lines.Average(l => l.GetProperty("complete").GetDouble() - l.GetProperty("invoke").GetDouble()) * 1000;
            Assert.That(s.GetProperty("latencyMs").GetProperty("mean").GetDouble(), Is.EqualTo(mean).Within(0.002));
            Assert.That(s.GetProperty("availability").GetDouble(), Is.EqualTo((lines.Count - Count("error")) / (double)lines.Count).Within(1e-6));
            Assert.That(s.GetProperty("correctness").GetDouble(), Is.EqualTo(Count("ok") / (double)(lines.Count - Count("error"))).Within(1e-6));
            Assert.That(lines.Select(l => l.GetProperty("id").GetInt64()).Distinct().Count(), Is.EqualTo(lines.Count));
            Assert.That(Count("error"), Is.GreaterThan(0), "the crash makes errors");
        });
    }

    [Test]
    public void List_ShowsTheLibrary()
    {
        var (code, output, _) = CliRunner.Run("list", "--dir", Path.Combine(TestScenario.RepoRoot(), "scenarios"));
        Assert.That(code, Is.EqualTo(0));
        Assert.That(output, Does.Contain("two-replicas-sqlite.json"));
        Assert.That(output, Does.Not.Contain("schema"));
    }

    [Test]
    public void List_TheBenchmarks_AreLargeNotInvalid_AndNamedByTheirPath()
    {
        var (code, output, err) = CliRunner.Run("list", "--dir", Path.Combine(TestScenario.RepoRoot(), "scenarios", "benchmarks"));
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(output, Does.Not.Contain("invalid"));
        Assert.That(output, Does.Contain("week-1000-replicas.json: ").And.Contain("(large: runs with --allow-large)"));
        Assert.That(output, Does.Contain("FILE.json'"), "names outside the library folder do not resolve: a file is named by its path");
    }
}

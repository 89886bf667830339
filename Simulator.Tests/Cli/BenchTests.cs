using System.Globalization;
using System.Text.Json;
using ReplicaSim.Cli;
using ReplicaSim.Engine;
using ReplicaSim.Metrics;
using ReplicaSim.Model;
using ReplicaSim.Scenarios;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Cli;

/// <summary>
/// <c>bench</c>: what it measures and writes, never how fast (timings are recorded in docs/benchmarks.md, not
/// asserted). The counts are deterministic, so they must equal those of a plain run of the same scenario.
/// </summary>
public sealed class BenchTests
{
    private const string Small = """
        { "name": "bench-small", "seed": 5, "duration": "2m", "service": { "replicas": 3 },
          "storage": { "kind": "sqlite-per-container" },
          "workload": { "arrivalRate": 200, "clients": 100 },
          "faults": [ { "at": "1m", "kind": "container-crash", "replica": 2 } ],
          "variants": { "rds": { "storage": { "kind": "rds", "standby": true } } } }
        """;

    private static JsonElement ReadJson(string file) => JsonDocument.Parse(File.ReadAllText(file)).RootElement.Clone();

    [Test]
    public void Scenario_WithSeed_TimesTheRunOfThatSeed()
    {
        var file = TestScenario.WriteTemp(Small, "bench-seeded");
        var json = Path.Combine(Path.GetDirectoryName(file)!, "bench-seeded-out.json");
        var (code, _, err) = CliRunner.Run("bench", "--customers", "2000", "--scenario", file, "--variant", "rds", "--seed", "99", "--json", json);
        Assert.That(code, Is.EqualTo(0), err);
        var expected = Runner.Run(ScenarioLoader.Load(file, new LoadOptions(99, null, "rds")));
        var own = Runner.Run(ScenarioLoader.Load(file, new LoadOptions(null, null, "rds")));
        Assert.That(expected.Requests.Total, Is.Not.EqualTo(own.Requests.Total), "the two seeds must give different runs");
        Assert.That(ReadJson(json).GetProperty("model.requests").GetInt64(), Is.EqualTo(expected.Requests.Total));
    }

    [Test]
    public void Scenario_JsonHasTheFiguresOfThatScenario()
    {
        var file = TestScenario.WriteTemp(Small, "bench-small");
        var json = Path.Combine(Path.GetDirectoryName(file)!, "bench.json");
        var (code, output, err) = CliRunner.Run("bench", "--customers", "2000", "--scenario", file, "--json", json);
        Assert.That(code, Is.EqualTo(0), err);
        var expected = Runner.Run(ScenarioLoader.Load(file));
        var j = ReadJson(json);
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("Scenario ").And.Contain("engine ratio").And.Contain("bytes per record"));
            Assert.That(output, Does.Contain("--variant NAME times one"), "a file with variants says which scenario was timed");
            Assert.That(j.GetProperty("model.scenario").GetString(), Is.EqualTo("bench-small"));
            Assert.That(j.GetProperty("model.requests").GetInt64(), Is.EqualTo(expected.Requests.Total));
            Assert.That(j.GetProperty("model.recordsCreated").GetInt64(), Is.EqualTo(expected.RecordsCreated));
            Assert.That(j.GetProperty("model.requests").GetInt64(), Is.GreaterThan(20_000), "about 200/s for 2 minutes");
            Assert.That(j.GetProperty("mm1.customers").GetInt64(), Is.EqualTo(2_000));
            // Each figure is also nested, as the dotted names read elsewhere (summary.json's requests.total).
            foreach (var flat in j.EnumerateObject().Where(p => p.Name.Contains('.', StringComparison.Ordinal)))
            {
                var parts = flat.Name.Split('.');
                Assert.That(j.GetProperty(parts[0]).GetProperty(parts[1]).GetRawText(), Is.EqualTo(flat.Value.GetRawText()), flat.Name);
            }
            Assert.That(j.GetProperty("mm1").GetProperty("customersPerSecond").GetDouble(), Is.GreaterThan(0));
            Assert.That(j.GetProperty("model").GetProperty("engineRatio").GetDouble(), Is.GreaterThan(0));
            Assert.That(j.GetProperty("model.seconds").GetDouble(), Is.GreaterThan(0));
            Assert.That(j.GetProperty("model.peakMemoryBytes").GetInt64(), Is.GreaterThan(0));
            Assert.That(j.GetProperty("model.heapGrowthBytes").ValueKind, Is.EqualTo(JsonValueKind.Number));
            var perRecord = j.GetProperty("model.heapGrowthBytes").GetDouble() / expected.RecordsCreated;
            Assert.That(j.GetProperty("model.bytesPerRecord").GetDouble(), Is.EqualTo(perRecord).Within(0.05 + 1e-9));
        });
        AssertRatio(j);
    }

    [Test]
    public void Scenario_VariantIsTimedWhenNamed()
    {
        var file = TestScenario.WriteTemp(Small, "bench-small");
        var json = Path.Combine(Path.GetDirectoryName(file)!, "bench.json");
        var (code, output, err) = CliRunner.Run("bench", "--customers", "2000", "--scenario", file, "--variant", "rds", "--json", json);
        Assert.That(code, Is.EqualTo(0), err);
        var expected = Runner.Run(ScenarioLoader.Load(file, new LoadOptions(Variant: "rds")));
        var j = ReadJson(json);
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("variant rds"));
            Assert.That(j.GetProperty("model.scenario").GetString(), Is.EqualTo("bench-small/rds"));
            Assert.That(j.GetProperty("model.requests").GetInt64(), Is.EqualTo(expected.Requests.Total));
        });
    }

    [Test]
    public void Standard_JsonHasEngineRatio()
    {
        var dir = Path.GetDirectoryName(TestScenario.WriteTemp("{}"))!;
        var json = Path.Combine(dir, "bench.json");
        var (code, output, err) = CliRunner.Run("bench", "--customers", "2000", "--requests", "50000", "--json", json);
        Assert.That(code, Is.EqualTo(0), err);
        var j = ReadJson(json);
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("Full model: 10 replicas").And.Contain("engine ratio"));
            Assert.That(j.GetProperty("model.scenario").GetString(), Is.EqualTo("bench-model"));
            Assert.That(j.GetProperty("model.requests").GetInt64(), Is.EqualTo(Runner.Run(ModelBench.Standard(50_000, 1)).Requests.Total));
            Assert.That(j.GetProperty("model.bytesPerRecord").GetDouble(), Is.GreaterThanOrEqualTo(0).Or.LessThan(0), "present and a number");
        });
        AssertRatio(j);
    }

    private static void AssertRatio(JsonElement j)
    {
        var ratio = j.GetProperty("model.engineRatio").GetDouble();
        var engine = j.GetProperty("model.engineEventsPerSecond").GetDouble();
        var expected = j.GetProperty("model.eventsPerSecond").GetDouble() / engine;
        // Both rates are rounded to whole events per second before being written, the ratio to 4 decimals.
        Assert.That(ratio, Is.EqualTo(expected).Within(1e-4 + expected * 1e-6), "model.engineRatio = model.eventsPerSecond / model.engineEventsPerSecond");
        Assert.That(ratio, Is.GreaterThan(0));
        // The engine's rate is all the M/M/1's events over all its time, before and after the model: between the two rates.
        var before = j.GetProperty("mm1.eventsPerSecond").GetDouble();
        var after = j.GetProperty("mm1.eventsPerSecondAfterModel").GetDouble();
        Assert.That(engine, Is.InRange(Math.Min(before, after) - 1, Math.Max(before, after) + 1), "the engine's rate lies between its rates before and after the model");
    }

    /// <summary>How many runs <see cref="BenchCommand.WarmUp"/> makes when each lasts <paramref name="seconds"/> on a fake clock and run n (from 1) processes <c>events(n)</c>.</summary>
    private static int WarmUpRuns(double seconds, int minRuns, Func<int, long> events)
    {
        var now = 0.0;
        var calls = 0;
        BenchCommand.WarmUp(() =>
        {
            now += seconds;
            return events(++calls);
        }, minRuns, () => now);
        return calls;
    }

    [Test]
    public void WarmUp_RunsUntilTheRateHoldsStillAfterEnoughRunsAndTime()
    {
        var min = BenchCommand.WarmUpMinRuns;
        Assert.Multiple(() =>
        {
            // Runs of 0.001 s at a steady rate never add up to the minimum time (0.5 s) within the cap.
            Assert.That(WarmUpRuns(0.001, min, _ => 1000), Is.EqualTo(BenchCommand.WarmUpRuns), "0.5 s would take 500 of them");
            // Runs of 0.02 s at a steady rate: 100 runs (2 s) pass both minimums.
            Assert.That(WarmUpRuns(0.02, min, _ => 1000), Is.EqualTo(min));
            // A rate that keeps changing (as while the JIT compiles) keeps it going until the rate settles.
            Assert.That(WarmUpRuns(0.02, min, n => n < 150 ? (n % 2 == 0 ? 1000 : 3000) : 5000), Is.EqualTo(152),
                "rates jump until the 150th run, the 151st and 152nd match it");
            // Runs that never settle stop at the cap.
            Assert.That(WarmUpRuns(0.02, min, n => n % 2 == 0 ? 1000 : 2000), Is.EqualTo(BenchCommand.WarmUpRuns));
            // Without a minimum number of runs (the model's warm-up), the time and three agreeing rates stop it.
            Assert.That(WarmUpRuns(0.2, 0, _ => 1000), Is.EqualTo(3), "0.2, 0.4, 0.6 s: past 0.5 s, three runs that agree");
        });
    }

    [Test]
    public void BadInput_ExitsWithAMessage_TwoForUsage_OneForAFile()
    {
        var (code, _, err) = CliRunner.Run("bench", "--variant", "rds");
        Assert.That(code, Is.EqualTo(2), "an option without the one it needs is bad usage");
        Assert.That(err, Does.Contain("--variant needs --scenario FILE"));

        (code, _, err) = CliRunner.Run("bench", "--scenario", "/nonexistent/x.json");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("cannot read the file"));

        var bad = TestScenario.WriteTemp("{ \"service\": { \"replicas\": 0 } }");
        (code, _, err) = CliRunner.Run("bench", "--scenario", bad);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("service.replicas"));
        Assert.That(err, Does.Not.Contain("M/M/1"), "nothing is timed for a bad file");

        var file = TestScenario.WriteTemp(Small);
        (code, _, err) = CliRunner.Run("bench", "--scenario", file, "--variant", "nope");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("no variant \"nope\""));
    }

    [Test]
    public void BenchmarkScenario_IsAWeekOfAThousandReplicas()
    {
        var s = ScenarioLoader.Load(Path.Combine(TestScenario.RepoRoot(), "scenarios", "benchmarks", "week-1000-replicas.json"), new LoadOptions { AllowLarge = true });
        Assert.Multiple(() =>
        {
            Assert.That(s.Duration, Is.EqualTo(Duration.FromSeconds(7 * 86400)));
            Assert.That(s.Workload.ArrivalRatePerSecond, Is.EqualTo(100));
            Assert.That(RunProgress.IsLong(s), Is.True, "60 M requests get a progress line");
        });
    }
}

public sealed class RunProgressTests
{
    private const string Day = """
        { "name": "day", "duration": "1d", "workload": { "arrivalRate": 0.01, "clients": 5 } }
        """;

    [Test]
    public void WritesAtMostOneLinePerIntervalAndAlwaysTheLast()
    {
        var scenario = TestScenario.Load(Day);
        var wall = 0.0;
        var error = new StringWriter(CultureInfo.InvariantCulture);
        var progress = new RunProgress(error, () => wall += 1.0, 10);
        var summary = Runner.Run(scenario, progress);
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // A day has 288 ticks of 5 minutes (plus the final one); the fake clock gains 1 s per tick.
        var ticks = (int)(scenario.Duration.Microseconds / scenario.TimelineBucket.Microseconds);
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Length.InRange(ticks / 10, ticks / 10 + 2));
            Assert.That(lines, Has.All.StartWith("progress: "));
            Assert.That(lines[^1], Does.StartWith("progress: 24 h 00 min of 24 h 00 min simulated (100 %), "));
            Assert.That(lines[^1], Does.Contain(string.Create(CultureInfo.InvariantCulture, $" {summary.Requests.Total:N0} requests")).And.Contain("~0 s left"));
            Assert.That(lines.Count(l => l.Contains("(100 %)", StringComparison.Ordinal)), Is.EqualTo(1), "the end is told once");
        });
    }

    [Test]
    public void LongSimulatedTimesAreInDays()
    {
        var scenario = TestScenario.Load("""{ "duration": "3d", "workload": { "arrivalRate": 0.001, "clients": 5 } }""");
        var error = new StringWriter(CultureInfo.InvariantCulture);
        var wall = 0.0;
        Runner.Run(scenario, new RunProgress(error, () => wall += 1.0, 100));
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[^1], Does.StartWith("progress: 3 days of 3 days simulated (100 %), "));
    }

    [Test]
    public void OnlyLongRunsGetOne()
    {
        Assert.That(RunProgress.IsLong(TestScenario.Load(Day)), Is.False);
        Assert.That(RunProgress.IsLong(ScenarioLoader.Load(TestScenario.WriteTemp("""{ "duration": "366d", "workload": { "arrivalRate": 5 } }"""), new LoadOptions { AllowLarge = true })), Is.True);
    }

    [Test]
    public void ShortRunPrintsNoProgress()
    {
        var file = TestScenario.WriteTemp("""{ "duration": "2m", "workload": { "arrivalRate": 10 } }""");
        var outDir = Path.Combine(Path.GetDirectoryName(file)!, "out");
        var (code, _, err) = CliRunner.Run("run", file, "--out", outDir);
        Assert.That(code, Is.EqualTo(0));
        Assert.That(err, Does.Not.Contain("progress"));
    }
}

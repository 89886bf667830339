using System.Globalization;
using ReplicaSim.Cli;
using ReplicaSim.Metrics;
using ReplicaSim.Reporting;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Cli;

public sealed class SweepTests
{
    private const string Isolation = """
        { "name": "isolation", "duration": "2m", "loadBalancer": { "policy": "random" },
          "storage": { "kind": "sqlite-per-container" }, "workload": { "arrivalRate": 50, "clients": 300 } }
        """;


    [Test]
    public void Sweep_FileWithVariants_SaysItSweepsTheFilesOwnScenario()
    {
        var file = TestScenario.WriteTemp("""
            { "name": "pair", "duration": "10s", "workload": { "arrivalRate": 5, "clients": 10 },
              "variants": { "sqlite": { "storage": { "kind": "sqlite-per-container" } }, "rds": { "storage": { "kind": "shared" } },
                            "broken": { "service": { "replicas": -1 } } } }
            """);
        var outDir = Path.Combine(Path.GetDirectoryName(file)!, "s");
        // The whole file is checked, as run, compare and validate check it: a broken variant refuses it, nothing written.
        var (code, _, err) = CliRunner.Run("sweep", file, "--param", "service.replicas=1,2", "--seeds", "1", "--out", outDir);
        Assert.That(code, Is.EqualTo(1), err);
        Assert.That(err, Does.Contain("variants.broken.service.replicas"));
        Assert.That(Directory.Exists(outDir), Is.False, "nothing written");
        var good = TestScenario.WriteTemp("""
            { "name": "pair", "duration": "10s", "workload": { "arrivalRate": 5, "clients": 10 },
              "variants": { "sqlite": { "storage": { "kind": "sqlite-per-container" } }, "rds": { "storage": { "kind": "shared" } } } }
            """);
        (code, _, err) = CliRunner.Run("sweep", good, "--param", "service.replicas=1,2", "--seeds", "1", "--out", outDir + "1");
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(err, Does.Contain("pair has variants (sqlite, rds)").And.Contain("--variant sqlite"));
        // One variant asked for is the one built and checked.
        (code, _, err) = CliRunner.Run("sweep", file, "--param", "service.replicas=1,2", "--seeds", "1", "--variant", "rds", "--out", outDir + "2");
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(err, Does.Not.Contain("has variants"));
    }

    [Test]
    public void Param_TakesNames_AsTheInstanceClassesOfTheLesson()
    {
        // --param storage.instanceClass=db.t3.micro,...: each value is a name, set as a string.
        var file = TestScenario.WriteTemp("""{ "name": "sizes", "duration": "1m", "storage": { "kind": "rds" } }""");
        string[] names = ["db.t3.micro", "db.t3.small", "db.t3.medium", "db.r6g.large"];
        var d = new SweepDefinition("sizes", file, "", "storage.instanceClass", names, 1, 1, []);
        SweepRunner.Check(d);
        var classes = Enumerable.Range(0, names.Length).Select(v => SweepRunner.Load(d, v).Storage.InstanceClass.Name);
        Assert.That(classes, Is.EqualTo(names));
        var bad = new SweepDefinition("sizes", file, "", "storage.instanceClass", ["db.t3.micro", "db.t3.huge"], 1, 1, []);
        Assert.That(() => SweepRunner.Check(bad), Throws.Exception.With.Message.Contains("db.t3.huge"));
    }

    /// <summary>
    /// A 95 % interval should contain the true value 95 % of the time. Over 40 independent sweeps of the
    /// isolation scenario (base seeds 1000, 1100, ...), each with 5 seeds at N = 2, 3, 5, the interval for
    /// the readAny missing fraction must contain (N-1)/N at least 90 % of the time.
    /// </summary>
    [Test]
    public void ConfidenceIntervals_ContainTheTheoryAbout95PercentOfTheTime()
    {
        var file = TestScenario.WriteTemp(Isolation);
        var metric = SweepMetrics.IndexOf("readAnyMissingFraction");
        int inside = 0, total = 0;
        for (var sweep = 0; sweep < 40; sweep++)
        {
            var d = new SweepDefinition("isolation", file, "", "service.replicas", ["2", "3", "5"], 5, 1000 + (100 * sweep), []);
            var rows = SweepAggregator.Aggregate(d, SweepRunner.Run(d, [.. Enumerable.Range(0, d.Runs)]));
            foreach (var row in rows)
            {
                var c = row.Cells[metric];
                total++;
                if (c.CiLow <= c.Theory && c.Theory <= c.CiHigh)
                {
                    inside++;
                }
            }
        }
        var coverage = inside / (double)total;
        TestContext.Out.WriteLine($"coverage {inside}/{total} = {coverage:P1}");
        Assert.That(coverage, Is.GreaterThanOrEqualTo(0.90));
        Assert.That(coverage, Is.LessThan(1.0), "intervals that always contain theory are too wide to mean anything");
    }

    [Test]
    public void Sweep_ShardedAndMerged_EqualsTheUnshardedRunByteForByte()
    {
        var file = TestScenario.WriteTemp(Isolation);
        var dir = Path.GetDirectoryName(file)!;
        var whole = Path.Combine(dir, "whole");
        var parts = Path.Combine(dir, "parts");
        string[] sweep = ["sweep", file, "--param", "service.replicas=1,2,4", "--seeds", "4"];
        Assert.That(CliRunner.Run([.. sweep, "--out", whole]).Code, Is.EqualTo(0));
        for (var k = 1; k <= 3; k++)
        {
            var (code, _, err) = CliRunner.Run([.. sweep, "--out", parts, "--shard", $"{k}/3"]);
            Assert.That(code, Is.EqualTo(0), err);
        }
        Assert.That(File.Exists(Path.Combine(parts, "sweep.csv")), Is.False, "a shard writes only its shard file");
        var (merged, _, mergeErr) = CliRunner.Run("merge", parts);
        Assert.That(merged, Is.EqualTo(0), mergeErr);
        foreach (var name in new[] { "sweep.csv", "sweep.json", "runs.csv" })
        {
            Assert.That(File.ReadAllBytes(Path.Combine(parts, name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(whole, name))), name);
        }
    }

    [Test]
    public void Sweep_Results_DoNotDependOnHowManyRunAtOnce()
    {
        var file = TestScenario.WriteTemp(Isolation);
        var d = new SweepDefinition("isolation", file, "", "service.replicas", ["2", "3"], 3, 7, []);
        var indices = Enumerable.Range(0, d.Runs).ToList();
        var one = SweepFiles.RunsCsv(d, SweepRunner.Run(d, indices, parallelism: 1));
        var four = SweepFiles.RunsCsv(d, SweepRunner.Run(d, indices, parallelism: 4));
        Assert.That(four, Is.EqualTo(one));
    }

    [Test]
    public void Sweep_Jobs_OneAndTwoAtOnceWriteTheSameFilesByteForByte()
    {
        var file = TestScenario.WriteTemp(Isolation);
        var dir = Path.GetDirectoryName(file)!;
        string[] sweep = ["sweep", file, "--param", "service.replicas=1,2,3", "--seeds", "3"];
        var one = Path.Combine(dir, "one");
        var two = Path.Combine(dir, "two");
        var (code1, _, err1) = CliRunner.Run([.. sweep, "--jobs", "1", "--out", one]);
        Assert.That(code1, Is.EqualTo(0), err1);
        var (code2, _, err2) = CliRunner.Run([.. sweep, "--jobs", "2", "--out", two]);
        Assert.That(code2, Is.EqualTo(0), err2);
        var names = Directory.GetFiles(one).Select(Path.GetFileName).Where(n => !n!.EndsWith(".png", StringComparison.Ordinal)).ToList();
        Assert.That(names, Does.Contain("sweep.csv").And.Contain("sweep.json").And.Contain("runs.csv"));
        foreach (var name in names)
        {
            Assert.That(File.ReadAllBytes(Path.Combine(two, name!)), Is.EqualTo(File.ReadAllBytes(Path.Combine(one, name!))), name);
        }
    }

    [TestCase("0")]
    [TestCase("1025")]
    public void Sweep_Jobs_OutOfRange_IsRefused(string jobs)
    {
        var file = TestScenario.WriteTemp(Isolation);
        var (code, _, err) = CliRunner.Run("sweep", file, "--param", "service.replicas=1,2", "--seeds", "2", "--jobs", jobs);
        Assert.That(code, Is.EqualTo(2), "bad usage (SPEC.md: exit code 2)");
        Assert.That(err, Does.Contain("--jobs must be from 1 to 1024"));
    }

    [Test]
    public void Merge_MissingShard_IsReported()
    {
        var file = TestScenario.WriteTemp(Isolation);
        var parts = Path.Combine(Path.GetDirectoryName(file)!, "parts");
        CliRunner.Run("sweep", file, "--param", "service.replicas=1,2", "--seeds", "2", "--out", parts, "--shard", "1/2");
        var (code, _, err) = CliRunner.Run("merge", parts);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("shard 2 of 2 is missing"));
    }

    [Test]
    public void Sweep_WritesMeansIntervalsAndTheoryPerValue()
    {
        var file = TestScenario.WriteTemp(Isolation);
        var outDir = Path.Combine(Path.GetDirectoryName(file)!, "s");
        var (code, output, _) = CliRunner.Run("sweep", file, "--param", "service.replicas=1,3", "--seeds", "3", "--out", outDir);
        Assert.That(code, Is.EqualTo(0));
        Assert.That(output, Does.Contain("[0.6667]"));
        var csv = File.ReadAllLines(Path.Combine(outDir, "sweep.csv"));
        Assert.That(csv, Has.Length.EqualTo(3));
        Assert.That(csv[0], Does.StartWith("value,seeds,requests_mean,requests_sd,requests_ci95_low,requests_ci95_high,requests_theory"));
        Assert.That(File.Exists(Path.Combine(outDir, "sweep-readAnyMissingFraction.png")), Is.True);
        Assert.That(File.ReadAllLines(Path.Combine(outDir, "runs.csv")), Has.Length.EqualTo(7));
    }

    [Test]
    public void Sweep_BadValue_IsReportedBeforeAnythingRuns()
    {
        var file = TestScenario.WriteTemp(Isolation);
        var outDir = Path.Combine(Path.GetDirectoryName(file)!, "bad");
        var (code, _, err) = CliRunner.Run("sweep", file, "--param", "service.replicas=2,0", "--out", outDir);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("--param service.replicas=2,0: service.replicas: must be a whole number from 1 to 1000 (got 0)"));
        Assert.That(Directory.Exists(outDir), Is.False);
    }

    [Test]
    public void SplitValues_KeepsJsonValuesWhole()
    {
        Assert.That(SweepRunner.SplitValues("""1, 2,{"uniform": {"min": "1s", "max": "2s"}},"a,b" """),
            Is.EqualTo(new[] { "1", "2", """{"uniform": {"min": "1s", "max": "2s"}}""", "\"a,b\"" }));
    }
}

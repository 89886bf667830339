using System.Text.Json;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Cli;

/// <summary>Issue 15, item 5: assess against theory (availability, PITR's RPO) and sharding + merge byte for byte.</summary>
public sealed class AssessTests
{
    private static JsonElement Architecture(string dir, string variant)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "assessment.json")));
        return doc.RootElement.GetProperty("architectures").EnumerateArray().First(a => a.GetProperty("variant").GetString() == variant).Clone();
    }

    private static string Assess(string json, params string[] args)
    {
        var file = TestScenario.WriteTemp(json);
        var dir = Path.Combine(Path.GetDirectoryName(file)!, "out");
        var (code, _, err) = CliRunner.Run(["assess", file, "--out", dir, .. args]);
        Assert.That(code, Is.EqualTo(0), err);
        return dir;
    }

    /// <summary>
    /// One RDS instance fails 20 times a year on average (a Poisson process) and is back after exactly 1 h, and nothing
    /// else happens: requests fail while it is down, so unavailability is rate x length = 20 h / 8,760 h = 0.228 %
    /// (a failure while it is down does nothing, which lowers it by a factor 1 + rate x length: 0.228 % -> 0.227 %, far
    /// inside the interval). The 95 % interval of 8 simulated years, each with about 20 failures, must contain it.
    /// </summary>
    [Test]
    public void Availability_OneFaultTypeAtAKnownRate_MatchesOneMinusRateTimesLength()
    {
        const double perYear = 20;
        const double hours = 1;
        var dir = Assess($$"""
            { "name": "rate-check", "seed": 7, "storage": { "kind": "rds", "recoveryTime": "{{hours}}h" },
              "workload": { "arrivalRate": 0.02, "clients": 50 },
              "policy": { "availability": 99.9 },
              "faults": [{ "kind": "database-failure", "perYear": {{perYear}} }] }
            """, "--years", "4", "--seeds", "2");
        var a = Architecture(dir, "rate-check").GetProperty("availability");
        var expected = 1 - (perYear * hours / (365 * 24));
        var (lo, hi, mean) = (a.GetProperty("ci95Low").GetDouble(), a.GetProperty("ci95High").GetDouble(), a.GetProperty("mean").GetDouble());
        Assert.That(expected, Is.InRange(lo, hi), $"mean {mean}, interval {lo} to {hi}, theory {expected}");
        // The interval is narrow enough to mean something: within a third of the unavailability itself.
        Assert.That(hi - lo, Is.LessThan((1 - expected) / 1.5));
    }

    /// <summary>
    /// SQLite per container, two replicas, random routing, half creates and half reads of anyone's record, no fault:
    /// every create is right and a read finds the record only on the one container of two that holds it, so the
    /// share of right answers is 1/2 + 1/2 x 1/2 = 75 %, while availability is 100 % (nothing fails). A correctness
    /// target holds it to that; one shared RDS instance answers every read right and meets it.
    /// </summary>
    [Test]
    public void Correctness_SqlitePerContainer_IsHalfPlusHalfOverN_AndACorrectnessTargetMissesIt()
    {
        var dir = Assess("""
            { "name": "right", "seed": 4, "zones": ["az-a", "az-b"], "loadBalancer": { "policy": "random" }, "service": { "replicas": 2 },
              "storage": { "kind": "rds" }, "workload": { "arrivalRate": 0.02, "clients": 50, "mix": { "create": 1, "readAny": 1 } },
              "policy": { "availability": 99.9, "correctness": 99.99 }, "faults": [],
              "variants": { "sqlite": { "storage": { "kind": "sqlite-per-container" } }, "rds": {} } }
            """, "--years", "1", "--seeds", "3");
        const double theory = 0.5 + (0.5 * (1.0 / 2));
        var sqlite = Architecture(dir, "sqlite");
        var c = sqlite.GetProperty("correctness");
        var (lo, hi, mean) = (c.GetProperty("ci95Low").GetDouble(), c.GetProperty("ci95High").GetDouble(), c.GetProperty("mean").GetDouble());
        Assert.That(lo, Is.LessThanOrEqualTo(theory), $"mean {mean}, interval {lo} to {hi}, theory {theory}");
        Assert.That(hi, Is.GreaterThanOrEqualTo(theory), $"mean {mean}, interval {lo} to {hi}, theory {theory}");
        Assert.That(hi - lo, Is.LessThan(0.02), "three years of about 630,000 requests each pin it down");
        Assert.That(sqlite.GetProperty("availability").GetProperty("mean").GetDouble(), Is.EqualTo(1), "a 'not found' is an answer");
        var checks = sqlite.GetProperty("checks").EnumerateArray().ToList();
        Assert.That(checks.Single(x => x.GetProperty("criterion").GetString() == "availability").GetProperty("met").GetBoolean(), Is.True);
        var miss = checks.Single(x => x.GetProperty("criterion").GetString() == "correctness");
        Assert.That(miss.GetProperty("met").GetBoolean(), Is.False);
        Assert.That(miss.GetProperty("sentence").GetString(), Does.Contain("of its answers were right").And.Contain("99.99 % correctness target"));
        Assert.That(sqlite.GetProperty("meetsPolicy").GetBoolean(), Is.False);
        var rds = Architecture(dir, "rds");
        Assert.That(rds.GetProperty("correctness").GetProperty("mean").GetDouble(), Is.EqualTo(1));
        Assert.That(rds.GetProperty("meetsPolicy").GetBoolean(), Is.True);
        var report = File.ReadAllText(Path.Combine(dir, "report.md"));
        Assert.That(report, Does.Contain("right answers (95 % interval)").And.Contain("right answers 99.99 %"));
    }

    /// <summary>Without a correctness target, an architecture that answers wrongly still has its wrong answers said next to its availability.</summary>
    [Test]
    public void WrongAnswers_WithoutACorrectnessTarget_AreStillSaid()
    {
        var dir = Assess("""
            { "name": "said", "seed": 4, "zones": ["az-a", "az-b"], "service": { "replicas": 2 }, "storage": { "kind": "sqlite-per-container" },
              "workload": { "arrivalRate": 0.01, "clients": 20 }, "policy": { "availability": 99.9 }, "faults": [] }
            """, "--years", "1", "--seeds", "1");
        var said = Architecture(dir, "said");
        Assert.That(said.GetProperty("meetsPolicy").GetBoolean(), Is.True, "only availability is asked for");
        Assert.That(said.GetProperty("correctness").GetProperty("mean").GetDouble(), Is.LessThan(0.95));
        var report = File.ReadAllText(Path.Combine(dir, "report.md"));
        Assert.That(report, Does.Contain("### Answered is not right").And.Contain("said: only ").And.Contain("policy.correctness"));
    }

    /// <summary>
    /// With the team's time counted (<c>cost.operatorHourlyUsd</c>) and no incident, an architecture's monthly cost
    /// is its infrastructure plus the kind's routine hours x the rate: the ranking is by total, as in compare.
    /// </summary>
    [Test]
    public void Cost_WithTheTeamsTime_IsInfrastructurePlusRoutineHoursTimesRate()
    {
        const string body = """
            "storage": { "kind": "ec2-postgresql" }, "workload": { "arrivalRate": 0.02, "clients": 50 },
              "policy": { "availability": 99 }, "faults": [] }
            """;
        var bare = Assess("""{ "name": "ops", "seed": 2, """ + body, "--years", "1", "--seeds", "1");
        var counted = Assess("""{ "name": "ops", "seed": 2, "cost": { "operatorHourlyUsd": 40 }, """ + body, "--years", "1", "--seeds", "1");
        var infrastructure = Architecture(bare, "ops").GetProperty("costPerMonth").GetDouble();
        var total = Architecture(counted, "ops").GetProperty("costPerMonth").GetDouble();
        var routine = ReplicaSim.Model.OperationsProfile.Of(ReplicaSim.Model.StorageKind.Ec2PostgreSql).HoursPerMonth;
        Assert.That(routine, Is.GreaterThan(0));
        Assert.That(total - infrastructure, Is.EqualTo(routine * 40).Within(1e-6));
    }

    /// <summary>One simulated year gives a mean but no 95 % interval: the report says so in words, not "(? to ?)".</summary>
    [Test]
    public void Report_OneYear_SaysThereIsNoInterval()
    {
        var dir = Assess("""
            { "name": "one", "seed": 2, "storage": { "kind": "shared" }, "workload": { "arrivalRate": 0.02, "clients": 50 },
              "policy": { "availability": 99 }, "faults": [] }
            """, "--years", "1", "--seeds", "1");
        var report = File.ReadAllText(Path.Combine(dir, "report.md"));
        Assert.Multiple(() =>
        {
            Assert.That(report, Does.Not.Contain("?"));
            Assert.That(report, Does.Contain("(one year: no interval)"));
            Assert.That(report, Does.Contain("ran 1 independent simulated year (365 days each"));
        });
    }

    /// <summary>
    /// Point-in-time recovery restores to the last 5-minute log upload, so no storage loss may destroy writes
    /// acknowledged more than 5 minutes before it; with many losses the worst comes close to the interval.
    /// </summary>
    [Test]
    public void Rpo_PointInTimeRecovery_IsAtMostTheLogInterval()
    {
        var dir = Assess("""
            { "name": "pitr", "seed": 3, "storage": { "kind": "rds", "backupInterval": "5m" },
              "workload": { "arrivalRate": 0.05, "clients": 50 },
              "policy": { "hardware": { "rpo": "5m" } },
              "faults": [{ "kind": "storage-loss", "perYear": 100 }] }
            """, "--years", "1", "--seeds", "1");
        var hw = Architecture(dir, "pitr").GetProperty("disruptions").GetProperty("hardware");
        Assert.That(hw.GetProperty("count").GetInt32(), Is.GreaterThan(50));
        Assert.That(hw.GetProperty("worstRpoSeconds").GetDouble(), Is.LessThanOrEqualTo(300).And.GreaterThan(200));
        Assert.That(Architecture(dir, "pitr").GetProperty("meetsPolicy").GetBoolean(), Is.True);
    }

    /// <summary>An EBS volume failure is a failover for Multi-AZ (nothing lost) and a restore for one instance (up to the log interval lost).</summary>
    [Test]
    public void VolumeFailure_MultiAzFailsOver_SingleInstanceRestores()
    {
        var dir = Assess("""
            { "name": "volume", "seed": 5, "storage": { "kind": "rds" }, "workload": { "arrivalRate": 0.05, "clients": 50 },
              "policy": { "hardware": { "rpo": "0s" } },
              "faults": [{ "kind": "volume-failure", "perYear": 30 }],
              "variants": { "single": {}, "multi": { "storage": { "standby": true } } } }
            """, "--years", "1", "--seeds", "1");
        Assert.That(Architecture(dir, "multi").GetProperty("disruptions").GetProperty("hardware").GetProperty("worstRpoSeconds").GetDouble(), Is.Zero);
        Assert.That(Architecture(dir, "multi").GetProperty("meetsPolicy").GetBoolean(), Is.True);
        Assert.That(Architecture(dir, "single").GetProperty("disruptions").GetProperty("hardware").GetProperty("worstRpoSeconds").GetDouble(), Is.InRange(1, 300));
        Assert.That(Architecture(dir, "single").GetProperty("meetsPolicy").GetBoolean(), Is.False);
    }

    private const string Small = """
        { "name": "small", "seed": 11, "zones": ["az-a", "az-b"], "storage": { "kind": "rds", "primaryZone": "az-a" },
          "workload": { "arrivalRate": 0.01, "clients": 20 },
          "policy": { "name": "p", "availability": 99.9, "software": { "rpo": "0s" }, "az": { "rto": "1h" } },
          "faults": [{ "kind": "container-crash", "perYear": 12 }, { "kind": "zone-outage", "zone": "az-a", "duration": "2h", "perYear": 2 }],
          "variants": { "sqlite": { "storage": { "kind": "sqlite-per-container" } }, "single": {}, "multi": { "storage": { "standby": true } } } }
        """;

    [Test]
    public void Shards_MergedAreByteIdenticalToOneProcess_AndTheCheapestPassingIsNamed()
    {
        var file = TestScenario.WriteTemp(Small);
        var root = Path.GetDirectoryName(file)!;
        var whole = Path.Combine(root, "whole");
        var (code, output, err) = CliRunner.Run("assess", file, "--years", "2", "--seeds", "1", "--out", whole);
        Assert.That(code, Is.EqualTo(0), err);
        var shards = Path.Combine(root, "shards");
        foreach (var k in new[] { "1/3", "3/3", "2/3" })
        {
            var r = CliRunner.Run("assess", file, "--years", "2", "--seeds", "1", "--out", shards, "--shard", k);
            Assert.That(r.Code, Is.EqualTo(0), r.Err);
        }
        Assert.That(File.Exists(Path.Combine(shards, "assessment.json")), Is.False, "a shard writes only its own file");
        var merged = CliRunner.Run("merge", shards);
        Assert.That(merged.Code, Is.EqualTo(0), merged.Err);
        foreach (var name in new[] { "assessment.json", "runs.csv", "report.md", "report.html", "assessment-cost-availability.svg" })
        {
            Assert.That(File.ReadAllBytes(Path.Combine(shards, name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(whole, name))), name);
        }
        // The zone outage keeps single-AZ RDS down for 2 h > 1 h; SQLite loses acknowledged writes to crashes; Multi-AZ meets it.
        Assert.That(Architecture(whole, "single").GetProperty("meetsPolicy").GetBoolean(), Is.False);
        Assert.That(Architecture(whole, "sqlite").GetProperty("meetsPolicy").GetBoolean(), Is.False);
        Assert.That(Architecture(whole, "multi").GetProperty("meetsPolicy").GetBoolean(), Is.True);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(whole, "assessment.json")));
        Assert.That(doc.RootElement.GetProperty("cheapestMeetingPolicy").GetString(), Is.EqualTo("multi"));
        Assert.That(output, Does.Contain("single: a zone-outage (az) kept requests failing for 2 h 0").And.Contain("> 1 h 00 min"));
        Assert.That(output, Does.Contain("The cheapest architecture that meets the policy is multi"));
        var report = File.ReadAllText(Path.Combine(whole, "report.md"));
        Assert.That(report, Does.Contain("## Assessment against the policy").And.Contain("assessment-cost-availability.png"));
        Assert.That(File.ReadAllText(Path.Combine(whole, "report.html")), Does.Contain("<section id=\"assessment\">").And.Contain("<svg"));
    }

    [Test]
    public void Shards_RunWithAllowLarge_MergeIntoTheReportOfOneProcess_WhoseCommandKeepsIt()
    {
        var file = TestScenario.WriteTemp(Small);
        var root = Path.GetDirectoryName(file)!;
        var whole = Path.Combine(root, "whole-large");
        var (code, _, err) = CliRunner.Run("assess", file, "--years", "1", "--seeds", "1", "--allow-large", "--out", whole);
        Assert.That(code, Is.EqualTo(0), err);
        var shards = Path.Combine(root, "shards-large");
        foreach (var k in new[] { "1/2", "2/2" })
        {
            var r = CliRunner.Run("assess", file, "--years", "1", "--seeds", "1", "--allow-large", "--out", shards, "--shard", k);
            Assert.That(r.Code, Is.EqualTo(0), r.Err);
        }
        var merged = CliRunner.Run("merge", shards);
        Assert.That(merged.Code, Is.EqualTo(0), merged.Err);
        var report = File.ReadAllText(Path.Combine(shards, "report.md"));
        Assert.That(report, Does.Contain("--allow-large`"), "the command that reproduces it");
        Assert.That(report, Is.EqualTo(File.ReadAllText(Path.Combine(whole, "report.md"))));
    }

    [Test]
    public void Merge_AMissingAssessmentShard_IsNamed_AndNothingIsWritten()
    {
        var file = TestScenario.WriteTemp(Small);
        var shards = Path.Combine(Path.GetDirectoryName(file)!, "part");
        var r = CliRunner.Run("assess", file, "--years", "1", "--seeds", "1", "--out", shards, "--shard", "2/3");
        Assert.That(r.Code, Is.EqualTo(0), r.Err);
        var (code, _, err) = CliRunner.Run("merge", shards);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("shards 1 and 3 of 3 are missing").And.Contain("nothing was written"));
        Assert.That(File.Exists(Path.Combine(shards, "assessment.json")), Is.False);
    }

    [Test]
    public void Assess_WithoutAPolicy_SaysWhatToAdd()
    {
        var file = TestScenario.WriteTemp("""{ "name": "nopolicy", "workload": { "arrivalRate": 0.01 } }""");
        var (code, _, err) = CliRunner.Run("assess", file, "--years", "1", "--seeds", "1");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("has no \"policy\"").And.Contain("\"availability\": 99.9"));
    }

    [Test]
    public void Assess_SetDuration_IsRefused_YearsComeFromTheOptions()
    {
        var file = TestScenario.WriteTemp("""{ "name": "d", "workload": { "arrivalRate": 0.01 }, "policy": { "availability": 99 } }""");
        var (code, _, err) = CliRunner.Run("assess", file, "--set", "duration=30d");
        Assert.That(code, Is.EqualTo(2), "bad usage: assess takes its years from --years");
        Assert.That(err, Does.Contain("--set duration=30d").And.Contain("--years"));
    }

    [Test]
    public void Assess_TooMuchTraffic_IsRefusedBeforeRunning_WithTheWayOut()
    {
        var file = TestScenario.WriteTemp("""{ "name": "busy", "workload": { "arrivalRate": 20 }, "policy": { "availability": 99 } }""");
        var (code, _, err) = CliRunner.Run("assess", file, "--years", "1", "--seeds", "1");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("workload.arrivalRate").And.Contain("--allow-large"));
    }
}

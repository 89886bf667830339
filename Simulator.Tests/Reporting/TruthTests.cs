using ReplicaSim.Metrics;
using ReplicaSim.Model;
using ReplicaSim.Reporting;
using ReplicaSim.Tests.Support;
using Capture = ReplicaSim.Tests.Support.Capture;

namespace ReplicaSim.Tests.Reporting;

/// <summary>Issue 18: every figure and sentence of the report states what the run shows.</summary>
public sealed class TruthTests
{
    private const string CalmSqlite = """
        { "name": "calm", "seed": 3, "duration": "2m", "service": { "replicas": 2 },
          "storage": { "kind": "sqlite-per-container" } }
        """;

    [Test]
    public void Availability_CountsAnswersWithoutError_CorrectnessCountsRightAnswers()
    {
        var s = TestScenario.Run(CalmSqlite);
        Assert.Multiple(() =>
        {
            Assert.That(s.Requests.Error, Is.Zero, "nothing fails in a calm run");
            Assert.That(s.Availability, Is.EqualTo(1.0), "every request was answered: wrong answers are still answers");
            Assert.That(s.Correctness, Is.EqualTo(s.Requests.Ok / (double)s.Requests.Total).Within(1e-12));
            Assert.That(s.Correctness, Is.LessThan(0.9), "SQLite per container answers many reads wrongly");
            var rows = SummaryTable.Rows(s).ToDictionary(r => r.Metric, r => r.Value);
            Assert.That(rows["availability (no error)"], Is.EqualTo(Format.Percent(1.0)));
            Assert.That(rows["correctness (ok/answered)"], Is.EqualTo(Format.Percent(s.Correctness)));
            var sweep = SweepMetrics.Measure(s);
            Assert.That(sweep[SweepMetrics.IndexOf("availabilityPercent")], Is.EqualTo(100.0));
            Assert.That(sweep[SweepMetrics.IndexOf("correctnessPercent")], Is.EqualTo(s.Correctness * 100).Within(1e-9));
        });
    }

    [Test]
    public void Narrative_PrintsEachFaultBeforeItsEffects_InTheOrderThingsHappened()
    {
        // SPEC.md: "a fault is printed before its effects". The zone outage's first failed request arrives a moment
        // before or after the fault; its window, first error and lost writes all come after the fault's line.
        var s = TestScenario.Run("""
            { "name": "order", "seed": 5, "duration": "20m", "zones": ["az-a", "az-b"], "service": { "replicas": 2 },
              "storage": { "kind": "sqlite-per-container" },
              "faults": [ { "at": "5m", "kind": "container-restart", "replica": 1 },
                          { "at": "10m", "kind": "zone-outage", "zone": "az-a", "duration": "5m" } ] }
            """);
        var lines = Narrative.Of(s);
        int Index(string start) => lines.ToList().FindIndex(l => l.StartsWith(start, StringComparison.Ordinal));
        var restart = Index("Fault at 00:05:00.000");
        var outage = Index("Fault at 00:10:00.000");
        Assert.Multiple(() =>
        {
            Assert.That(restart, Is.GreaterThan(0));
            Assert.That(outage, Is.GreaterThan(restart));
            Assert.That(Index("At 00:05:00.000"), Is.GreaterThan(restart), "the writes the restart lost");
            Assert.That(Index("At 00:10:00.000"), Is.GreaterThan(outage), "the writes the outage lost");
            Assert.That(Index("The first error"), Is.GreaterThan(outage));
            foreach (var window in lines.Where(l => l.StartsWith("Degraded", StringComparison.Ordinal) || l.StartsWith("Down", StringComparison.Ordinal)))
            {
                Assert.That(lines.ToList().IndexOf(window), Is.GreaterThan(outage), window);
            }
            Assert.That(lines[^1], Does.StartWith("In all,"), "the totals come last");
        });
    }
}

/// <summary>Issue 18 item 1: the lesson's table, row by row, against what each shipped scenario's run did.</summary>
public sealed class LessonTableTests
{
    public static IEnumerable<TestCaseData> ShippedRuns()
    {
        var dir = Path.Combine(TestScenario.RepoRoot(), "scenarios");
        foreach (var file in Directory.GetFiles(dir, "*.json").Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            foreach (var v in ReplicaSim.Scenarios.ScenarioLoader.LoadVariants(file))
            {
                yield return new TestCaseData(file, v.Variant).SetArgDisplayNames(Path.GetFileNameWithoutExtension(file) + (v.Variant.Length > 0 ? "/" + v.Variant : ""));
            }
        }
    }

    [TestCaseSource(nameof(ShippedRuns))]
    public void EveryRow_StatesWhatTheRunShowed(string file, string variant)
    {
        var scenario = ReplicaSim.Scenarios.ScenarioLoader.LoadVariants(file).Single(v => v.Variant == variant);
        var capture = new Capture();
        var s = Runner.Run(scenario, capture);
        var cells = LessonTable.Rows.ToDictionary(r => r.Label, r => r.Cell(s));
        // Causes of the writes lost for good, from the model's own record of each loss; a write acknowledged
        // after its store was gone belongs to the loss before it.
        var lastDestroyer = "";
        var category = new Dictionary<string, string>();
        foreach (var cause in capture.LostCauses)
        {
            if (!cause.StartsWith("acknowledged after", StringComparison.Ordinal))
            {
                lastDestroyer = cause.StartsWith("storage-loss", StringComparison.Ordinal) ? "storage" : "containers";
            }
            category.TryAdd(cause, lastDestroyer);
        }
        var lostByContainers = capture.LostNow.Values.Count(c => category[c] == "containers");
        var lostByStorage = capture.LostNow.Values.Count(c => category[c] == "storage");
        var stopsContainers = capture.Incidents.Where(i => RunCollector.StopsContainers(i.Kind) && !i.Detail.StartsWith("no running", StringComparison.Ordinal)).ToList();
        var storageLosses = capture.Incidents.Where(i => i.Kind == FaultKind.StorageLoss).ToList();
        var primaryFailed = capture.DatabaseEvents.Any(e => (e.What.StartsWith("the primary", StringComparison.Ordinal) || e.What.StartsWith("the writer", StringComparison.Ordinal)) && (e.What.Contains("failed") || e.What.Contains("is down")));
        Assert.Multiple(() =>
        {
            Assert.That(capture.LostNow, Has.Count.EqualTo(s.WritesLost), "writes lost for good");
            Assert.That(s.Incidents.Sum(i => i.WritesLost) + s.WritesLostUnattributed, Is.EqualTo(s.WritesLost));
            Assert.That(s.WritesLostUnattributed, Is.Zero, "every lost write has a fault behind it");
            Assert.That(s.ViolationsHeldElsewhere + s.ViolationsAfterDataLoss, Is.EqualTo(s.ConsistencyViolations));
            if (capture.Lost.Count == 0)
            {
                Assert.That(s.ViolationsAfterDataLoss, Is.Zero, "no data was lost, so no wrong answer comes from lost data");
                Assert.That(cells["records lost, then asked for"], Is.EqualTo("no data lost in this run"));
            }
            var onlyTheWriter = scenario.Storage.ReadFrom == ReadFrom.Primary && scenario.Cache is null && scenario.Storage.Kind != StorageKind.DynamoDb;
            if (scenario.Storage.Kind != StorageKind.SqlitePerContainer && onlyTheWriter)
            {
                Assert.That(s.ViolationsHeldElsewhere, Is.Zero, "one shared store read from its writer cannot hold a record that another lacks");
                Assert.That(cells["several containers"], Does.StartWith("consistent"));
            }
            else if (scenario.Storage.Kind != StorageKind.SqlitePerContainer && s.ViolationsHeldElsewhere > 0)
            {
                Assert.That(cells["several containers"], Does.Contain("from a copy that was behind"));
            }
            else if (s.ViolationsHeldElsewhere > 0)
            {
                Assert.That(cells["several containers"], Is.EqualTo($"{Format.Integer(s.ViolationsHeldElsewhere)} wrong answers: the record was in another container's file"));
                Assert.That(LessonTable.MostReplicas(s), Is.GreaterThan(1));
            }

            var restarts = cells["containers stopped (restarts, deploys, crashes, zone outages)"];
            if (stopsContainers.Count == 0)
            {
                Assert.That(restarts, Is.EqualTo("no container stopped in this run"));
                Assert.That(lostByContainers, Is.Zero);
            }
            else if (lostByContainers == 0)
            {
                Assert.That(restarts, Does.StartWith("no data lost ("));
            }
            else
            {
                Assert.That(restarts, Does.StartWith($"{Format.Integer(lostByContainers)} writes lost ("));
            }
            foreach (var i in stopsContainers.Where(i => s.Incidents[i.Index].WritesLost > 0))
            {
                Assert.That(restarts, Does.Contain($"{i.Label} at {i.Start}").Or.Contain("more"), "names the fault that lost writes");
            }

            var backups = cells["backups"];
            if (scenario.Storage.Kind == StorageKind.SqlitePerContainer || scenario.Storage.BackupInterval.Microseconds == 0)
            {
                Assert.That(backups, Does.StartWith("none"));
            }
            if (storageLosses.Count == 0)
            {
                Assert.That(backups, Does.EndWith("no storage loss in this run"));
                Assert.That(lostByStorage, Is.Zero);
            }
            else if (scenario.Storage.Kind != StorageKind.SqlitePerContainer)
            {
                Assert.That(backups, Does.Contain($"lost {Format.Integer(lostByStorage)} writes"));
            }

            var failover = cells["failover"];
            if (!scenario.Storage.Design.IsServer)
            {
                Assert.That(failover, Is.EqualTo("none (no database server)"));
            }
            else if (!scenario.Storage.Design.HasInstance)
            {
                Assert.That(failover, Is.EqualTo("none needed (no instance)"), "a regional service has no instance to fail");
                Assert.That(primaryFailed, Is.False);
            }
            else
            {
                Assert.That(failover, Does.StartWith(scenario.Storage.Kind == StorageKind.Shared ? (scenario.Storage.Standby ? "Multi-AZ standby" : "none") : DatabaseText.Failover(scenario)));
                Assert.That(failover.Contains("did not fail in this run"), Is.EqualTo(!primaryFailed));
                Assert.That(failover, Does.Not.Contain("no database server"));
            }
            if (scenario.Storage.Design.IsServer && scenario.Storage.Kind != StorageKind.SqliteSharedFile)
            {
                Assert.That(backups, Does.StartWith(DatabaseText.Backups(scenario)), "backups as the kind takes them");
            }
        });
    }

    [TestCaseSource(nameof(ShippedRuns))]
    public void OneClock_WindowsStartAtOrAfterTheFaultTheyName_AndAnomaliesAreTimedByArrival(string file, string variant)
    {
        var scenario = ReplicaSim.Scenarios.ScenarioLoader.LoadVariants(file).Single(v => v.Variant == variant);
        var s = Runner.Run(scenario);
        var json = System.Text.Json.JsonDocument.Parse(SummaryJson.Write(s)).RootElement;
        Assert.Multiple(() =>
        {
            // A window with no fault in effect (a saturated database, say) is named by its error alone.
            foreach (var w in s.Downtime.Concat(s.Degraded).Where(w => w.Cause.Length > 0 && !Names.ErrorReasons.Any(r => w.Cause == Names.Describe(r))))
            {
                var fault = s.Incidents.Where(i => w.Cause.StartsWith($"{i.Label} at {i.Start}", StringComparison.Ordinal)).ToList();
                Assert.That(fault, Is.Not.Empty, w.Cause);
                Assert.That(w.Start, Is.GreaterThanOrEqualTo(fault.Min(i => i.Start)), $"window {w.Start}-{w.End} ({w.Cause}) starts before its fault");
            }
            foreach (var a in s.FirstAnomalies)
            {
                var j = json.GetProperty("firstAnomalies").GetProperty(a.Kind);
                Assert.That(j.GetProperty("at").GetDouble(), Is.EqualTo(a.Request.Invoke.Seconds).Within(1e-6), "arrival");
                Assert.That(j.GetProperty("answeredAt").GetDouble(), Is.EqualTo(a.Request.Complete.Seconds).Within(1e-6), "completion, labelled");
                Assert.That(Narrative.Of(s), Has.Some.Contains($"{a.Request.Invoke} (answered at {a.Request.Complete})"));
            }
        });
    }

    /// <summary>
    /// An anomaly is told at its arrival, never before the fault behind it: a request that set out just before a zone
    /// outage and failed because of it comes after the fault's line, and the first anomalies of each kind come in the
    /// order they arrived, whatever order they were answered in.
    /// </summary>
    [Test]
    public void Narrative_TellsAnomaliesByArrival_NotBeforeTheirFault()
    {
        var s = TestScenario.Run("""
            { "name": "order", "seed": 7, "duration": "20m", "zones": ["az-a", "az-b"], "service": { "replicas": 2 },
              "storage": { "kind": "sqlite-per-container" },
              "faults": [ { "at": "10m", "kind": "zone-outage", "zone": "az-a", "duration": "5m" } ] }
            """);
        var lines = Narrative.Of(s).ToList();
        var fault = lines.FindIndex(l => l.StartsWith("Fault at 00:10:00.000", StringComparison.Ordinal));
        var firsts = s.FirstAnomalies.OrderBy(a => a.Request.Invoke < s.Incidents[0].Start && a.Request.Complete >= s.Incidents[0].Start ? s.Incidents[0].Start : a.Request.Invoke)
            .Select(a => lines.FindIndex(l => l.Contains($"arriving at {a.Request.Invoke} (answered at {a.Request.Complete})", StringComparison.Ordinal))).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(firsts, Has.Count.GreaterThanOrEqualTo(2));
            Assert.That(firsts, Is.All.GreaterThanOrEqualTo(0));
            Assert.That(firsts, Is.Ordered, "the first anomalies in the order they arrived");
            var error = s.FirstAnomalies.Single(a => a.Request.Outcome == Outcome.Error);
            Assert.That(lines.FindIndex(l => l.StartsWith("The first error", StringComparison.Ordinal)), Is.GreaterThan(fault), "after the fault behind it");
            Assert.That(error.Request.Complete, Is.GreaterThanOrEqualTo(s.Incidents[0].Start));
        });
    }

    [Test]
    public void SqlitePerContainer_TakesNoBackups_InTheComparisonsSentence()
    {
        var sqlite = TestScenario.Load("""{ "name": "a", "duration": "1m", "storage": { "kind": "sqlite-per-container" } }""") with { Variant = "sqlite" };
        var rds = TestScenario.Load("""{ "name": "a", "duration": "1m", "storage": { "kind": "rds" } }""") with { Variant = "rds" };
        Assert.That(ComparisonNotes.Sentence([sqlite, rds]), Does.Contain("backup interval (none in sqlite; 5m in rds)"));
    }

    [Test]
    public void FailoverRow_NamesThePlannedFailovers_WhenNoFailureStruck()
    {
        var s = TestScenario.Run("""
            { "name": "ops", "seed": 3, "duration": "30m", "zones": ["az-a", "az-b"], "service": { "replicas": 2 },
              "storage": { "kind": "rds", "standby": true },
              "faults": [ { "at": "10m", "kind": "maintenance", "duration": "8m" } ] }
            """);
        Assert.That(OperationsTable.Cell(s, [FaultKind.DatabaseFailure, FaultKind.ZoneOutage], "handle failover"),
            Does.Contain("no failure in this run, but the database failed over for maintenance"));
    }

    [Test]
    public void SharedNetworkFile_HasNoBackupsUnlessTheScenarioSetsThem()
    {
        var s = TestScenario.Run("""{ "name": "efs", "duration": "1m", "storage": { "kind": "sqlite-shared-file" } }""");
        Assert.That(LessonTable.Backups(s), Is.EqualTo("none; no storage loss in this run"));
    }
}

/// <summary>Issue 18 item 3: recovery compares every outcome's share with before the fault.</summary>
public sealed class RecoveryTests
{
    [Test]
    public void Explain_TellsAFaultBeforeItsEffects()
    {
        var file = Path.Combine(TestScenario.RepoRoot(), "scenarios", "database-failover.json");
        var (code, text, _) = CliRunner.Run("explain", file, "--variant", "rds-single-az");
        Assert.That(code, Is.EqualTo(0));
        var lines = text.Split('\n').ToList();
        var fault = lines.FindIndex(l => l.Contains("FAULT: database-failure", StringComparison.Ordinal));
        var error = lines.FindIndex(l => l.Contains(">> FIRST ERROR", StringComparison.Ordinal));
        Assert.That(fault, Is.GreaterThanOrEqualTo(0));
        Assert.That(error, Is.GreaterThan(fault), "the fault is told before the error it caused");
        Assert.That(lines[error], Does.Contain("answered at"));
    }

    private static RunSummary Shipped(string file, string variant) =>
        Runner.Run(ReplicaSim.Scenarios.ScenarioLoader.LoadVariants(Path.Combine(TestScenario.RepoRoot(), "scenarios", file)).Single(v => v.Variant == variant));

    [Test]
    public void ADeployOfSqliteContainers_DoesNotRecover_AndTheReportSaysSo()
    {
        var s = Shipped("deploy-wipes-data.json", "sqlite");
        var deploy = s.Incidents.Single();
        Assert.Multiple(() =>
        {
            Assert.That(deploy.Recovered, Is.False);
            Assert.That(deploy.SharesBefore![0] - deploy.SharesAfter![0], Is.GreaterThan(0.1), "correct answers fell");
            var line = Narrative.Of(s).Single(l => l.StartsWith("Fault at", StringComparison.Ordinal));
            Assert.That(line, Does.Contain("did not recover in this run"));
            Assert.That(line, Does.Contain($"correct answers {Format.Percent(deploy.SharesBefore[0])} before, {Format.Percent(deploy.SharesAfter[0])} after"));
            Assert.That(SummaryTable.Render(s), Does.Contain("did not recover in this run"));
            Assert.That(System.Text.Encoding.UTF8.GetString(SummaryJson.Write(s)), Does.Contain("\"recoverySeconds\": null"));
        });
    }

    [Test]
    public void ADeployOnASharedDatabase_ChangesNoAnswer()
    {
        var s = Shipped("deploy-wipes-data.json", "rds");
        Assert.That(s.Incidents.Single().Recovered, Is.True);
        Assert.That(s.Incidents.Single().RecoverySeconds, Is.Zero);
        Assert.That(Narrative.Of(s), Has.Some.Contains("answers stayed as before it"));
    }

    [Test]
    public void Matches_UsesTheSamplingNoise()
    {
        // 50 % vs 46 % ok out of 10,000 each: 4 points apart, 3 standard errors + 1 point = 3.1 points: differs.
        Assert.That(RunCollector.Matches([5000, 5000, 0, 0, 10000], [4600, 5400, 0, 0, 10000]), Is.False);
        // The same gap out of 100 each is noise.
        Assert.That(RunCollector.Matches([50, 50, 0, 0, 100], [46, 54, 0, 0, 100]), Is.True);
    }

    [Test]
    public void ReplicaFailure_ThatEndsStaleReads_HasRecovered()
    {
        // Few clients updating often and a replica 2 s behind: reads from it are often stale; the only replica fails
        // (its replacement takes 15 min, past the run's end) and reads go to the writer.
        var s = TestScenario.Run("""
            { "name": "rr", "seed": 4, "duration": "20m", "service": { "replicas": 2 },
              "storage": { "kind": "shared", "readReplicas": 1, "readFrom": "replicas", "replicaLag": { "constant": "2s" } },
              "workload": { "arrivalRate": 50, "clients": 10, "mix": { "create": 0.1, "readOwn": 0.5, "readAny": 0.1, "update": 0.3 } },
              "faults": [ { "at": "5m", "kind": "replica-failure" } ] }
            """);
        var fault = s.Incidents.Single();
        Assert.Multiple(() =>
        {
            Assert.That(fault.SharesBefore![(int)Outcome.Stale], Is.GreaterThan(0.03), "reads from a lagging replica are stale at times");
            Assert.That(fault.SharesAfter![(int)Outcome.Stale], Is.Zero, "reads from the writer never are");
            Assert.That(fault.Recovered, Is.True, "answers only got better once reads went to the writer");
            Assert.That(Narrative.Of(s), Has.None.Contains("did not recover").And.Some.Contains("answers got better than before it"));
        });
    }

    [Test]
    public void NoWorse_BetterAnswersCountAsRecovered_WorseDoNot()
    {
        // ok, missing, stale, error, total: stale reads falling from 10 % to 0 % is better, not "not recovered".
        Assert.That(RunCollector.NoWorse([9000, 0, 1000, 0, 10000], [10000, 0, 0, 0, 10000]), Is.True);
        Assert.That(RunCollector.Matches([9000, 0, 1000, 0, 10000], [10000, 0, 0, 0, 10000]), Is.False);
        Assert.That(RunCollector.NoWorse([10000, 0, 0, 0, 10000], [9000, 0, 1000, 0, 10000]), Is.False);
        Assert.That(RunCollector.NoWorse([5000, 5000, 0, 0, 10000], [4600, 5400, 0, 0, 10000]), Is.False, "more missing");
        Assert.That(RunCollector.NoWorse([50, 50, 0, 0, 100], [46, 54, 0, 0, 100]), Is.True, "within the noise");
    }
}

/// <summary>Issue 18 item 4: every scenario names the figure that answers its question, and every output prints it first.</summary>
public sealed class AnswerTests
{
    private static string Dir => Path.Combine(TestScenario.RepoRoot(), "scenarios");

    private static RunSummary Shipped(string file, string variant) =>
        Runner.Run(ReplicaSim.Scenarios.ScenarioLoader.LoadVariants(Path.Combine(Dir, file)).Single(v => v.Variant == variant));

    [Test]
    public void EveryShippedScenario_NamesItsAnswer()
    {
        foreach (var file in Directory.GetFiles(Dir, "*.json").Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal)))
        {
            var s = ReplicaSim.Scenarios.ScenarioLoader.Load(file);
            Assert.That(s.Question, Is.Not.Empty, file);
            Assert.That(s.Answer, Is.Not.Null, file + " names no answer");
        }
    }

    [Test]
    public void StickySessions_OwnReadsAreNeverMissingBeforeTheDeploy_AndMostlyAfter()
    {
        var s = Shipped("sticky-sessions.json", "sticky");
        var a = Answer.Of(s)!;
        Assert.That(a.Values.Select(v => v.Period), Is.EqualTo(new[] { "before deploy at 00:10:00.000", "after deploy at 00:10:00.000" }));
        Assert.That(a.Values[0].Value, Is.Zero, "sticky sessions send a client back to the container holding its record");
        Assert.That(a.Values[1].Value, Is.InRange(0.6, 0.8), "after the deploy the records are gone");
        var own = s.Periods[0].ByOperation.Single(x => x.Op == Operation.ReadOwn).Counts;
        Assert.That(own.Missing, Is.Zero);
    }

    [Test]
    public void Scaling2To4_ReadsOfOthersMissing_FollowTheTheoryBeforeAndAfter()
    {
        var a = Answer.Of(Shipped("scaling-2-to-4.json", "sqlite"))!;
        Assert.That(a.Values, Has.Count.EqualTo(2));
        foreach (var v in a.Values)
        {
            // Round-robin is close to, not exactly, independent routing: allow the binomial noise plus 3 points.
            var se = Math.Sqrt(v.Theory!.Value * (1 - v.Theory.Value) / v.Requests);
            Assert.That(v.Value, Is.EqualTo(v.Theory.Value).Within((TestScenario.Z * se) + 0.03), v.Period);
        }
        Assert.That(a.Values[0].Theory, Is.EqualTo(0.5));
        Assert.That(a.Values[1].Theory, Is.EqualTo(0.75));
        Assert.That(a.Sentence, Does.Contain("before").And.Contain("after the scale at 00:10:00.000"));
    }

    [Test]
    public void TheAnswerComesFirst_InRunReportAndSummary()
    {
        var file = Path.Combine(Dir, "two-replicas-sqlite.json");
        var outDir = Path.Combine(Path.GetTempPath(), "replicasim-tests", Guid.CreateVersion7().ToString("N"));
        var (code, text, _) = CliRunner.Run("run", file, "--out", outDir);
        Assert.That(code, Is.EqualTo(0));
        var lines = text.Split('\n');
        Assert.That(lines[1], Does.StartWith("  answer: ").And.Contain("of reads of someone else's profile came back \"not found\"; theory (N-1)/N = 50.0 %"));
        var report = File.ReadAllText(Path.Combine(outDir, "report.md"));
        Assert.That(report.IndexOf("**Answer:**", StringComparison.Ordinal), Is.LessThan(report.IndexOf("## ", StringComparison.Ordinal)));
        var json = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "summary.json"))).RootElement;
        var answer = json.GetProperty("answer");
        var readAny = json.GetProperty("byOperation").GetProperty("readAny");
        Assert.That(answer.GetProperty("values")[0].GetProperty("value").GetDouble(),
            Is.EqualTo(readAny.GetProperty("missing").GetInt64() / (double)readAny.GetProperty("total").GetInt64()).Within(1e-6));
        Assert.That(json.GetProperty("periods").GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public void Periods_AddUpToTheWholeRun()
    {
        var s = Shipped("lesson.json", "sqlite");
        Assert.That(s.Periods, Has.Count.EqualTo(s.Scenario.Faults.Count(f => f.At is not null) + 1));
        foreach (var (op, c) in s.ByOperation)
        {
            Assert.That(s.Periods.Sum(p => p.ByOperation.Single(x => x.Op == op).Counts.Total), Is.EqualTo(c.Total));
            Assert.That(s.Periods.Sum(p => p.ByOperation.Single(x => x.Op == op).Counts.Missing), Is.EqualTo(c.Missing));
        }
    }

    [Test]
    public void AnswerPeriod_MustNameATimedFault()
    {
        var e = Assert.Throws<ReplicaSim.Scenarios.ScenarioException>(() => TestScenario.Load(
            """{ "name": "x", "duration": "1m", "answer": { "outcome": "missing", "period": "after deploy" } }"""));
        Assert.That(e!.Message, Does.Contain("answer.period"));
    }
}

/// <summary>Issue 18 item 2: a comparison says what differs and claims common random numbers only where they hold.</summary>
public sealed class HonestComparisonTests
{
    private static string File(string name) => Path.Combine(TestScenario.RepoRoot(), "scenarios", name);

    [Test]
    public void DifferentFiles_SayWhatDiffers_AndClaimNoCommonRandomNumbers()
    {
        var outDir = Path.Combine(Path.GetTempPath(), "replicasim-tests", Guid.CreateVersion7().ToString("N"));
        var (code, text, err) = CliRunner.Run("compare", File("two-replicas-sqlite.json"), File("zone-outage.json"), "--out", outDir);
        Assert.That(code, Is.EqualTo(0));
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Not.Contain("the same requests and faults for every variant"));
            Assert.That(text, Does.Contain("do not see the same requests and faults").And.Contain("duration (10m in two-replicas-sqlite; 1h in sqlite"));
            var report = System.IO.File.ReadAllText(Path.Combine(outDir, "report.md"));
            Assert.That(report, Does.Not.Contain("only the architecture differs").And.Not.Contain("saw the same requests"));
            Assert.That(report, Does.Contain("arrival rate").And.Contain("faults"));
            Assert.That(err.Split('\n').Count(l => l.StartsWith("note:", StringComparison.Ordinal)), Is.EqualTo(1), "the seed note once");
        });
    }

    [Test]
    public void ComparisonReport_NamesEachRowOnce_AndGivesEveryDatabaseKindItsOwnFailoverAndBackups()
    {
        var runs = ReplicaSim.Scenarios.ScenarioLoader.LoadVariants(File("database-options.json")).Select(v => Runner.Run(v)).ToList();
        var report = ReportWriter.Comparison("database-options", "", runs, "compare");
        var labels = report.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| |", StringComparison.Ordinal) && !l.StartsWith("| ---", StringComparison.Ordinal))
            .Select(l => l.Split('|')[1].Trim()).ToList();
        Assert.That(labels.GroupBy(l => l).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty, "a row label repeated in one table");
        foreach (var r in runs.Where(r => r.Scenario.Storage.Design.IsServer))
        {
            Assert.That(LessonTable.Failover(r), Does.Not.Contain("no database server"), r.Scenario.Variant);
            Assert.That(LessonTable.Backups(r), Does.Not.Contain("a copy of the file"), r.Scenario.Variant);
        }
    }

    [Test]
    public void VariantsOfOneFile_ShareTheirRandomNumbers_AndSaySo()
    {
        var scenarios = ReplicaSim.Scenarios.ScenarioLoader.LoadVariants(File("lesson.json"));
        Assert.That(ComparisonNotes.SameTraffic(scenarios), Is.True);
        Assert.That(ComparisonNotes.Sentence(scenarios), Does.StartWith("Every run saw the same requests").And.Contain("they differ in storage"));
    }

    [Test]
    public void DifferentDurations_EachPanelKeepsItsOwnLabelledTimeAxis()
    {
        var a = TestScenario.Run("""{ "name": "short", "duration": "2m" }""");
        var b = TestScenario.Run("""{ "name": "long", "duration": "20m" }""");
        var mp = Charts.ComparisonTimelines([a, b]);
        var plots = mp.Subplots.GetPlots();
        Assert.That(plots.Select(p => p.Axes.Bottom.Label.Text), Has.All.Contains("simulated time"));
        Assert.That(plots[0].Axes.Bottom.Range.Max, Is.Not.EqualTo(plots[1].Axes.Bottom.Range.Max));
    }

    /// <summary>The outcome colours are explained once, under the last row, not again in every row.</summary>
    [Test]
    public void ComparisonTimelines_OneLegend_UnderTheLastRow()
    {
        var a = TestScenario.Run("{ \"name\": \"a\", \"duration\": \"2m\" }");
        var plots = Charts.ComparisonTimelines([a, a, a]).Subplots.GetPlots();
        var legends = plots.Select(p => p.Axes.GetPanels().OfType<ScottPlot.Panels.LegendPanel>().Count()).ToArray();
        Assert.That(legends, Is.EqualTo(new[] { 0, 0, 1 }));
    }
}

/// <summary>Issue 18 item 7: a warm-up is left out of the statistics, and the report says when the start differs.</summary>
public sealed class WarmUpTests
{
    private const string Busy = """
        { "name": "busy", "seed": 22, "duration": "8m", "service": { "replicas": 4, "workers": 8 },
          "storage": { "kind": "sqlite-shared-file", "busyTimeout": "1s" },
          "workload": { "arrivalRate": 75, "clients": 500, "mix": { "create": 0.3, "readOwn": 0.3, "readAny": 0.2, "update": 0.2 } } }
        """;

    [Test]
    public void WithoutAWarmUp_TheReportSaysTheStartDiffers()
    {
        var s = TestScenario.Run(Busy);
        var start = StartCheck.Of(s)!;
        Assert.That(start.Differs, Is.True);
        Assert.That(start.P99Ms, Is.GreaterThan(1.5 * start.P99MsAfter), "the first minutes are slower");
        Assert.That(Narrative.Of(s), Has.Some.StartsWith("The start differs from the rest").And.Some.Contains("set workload.warmUp"));
    }

    [Test]
    public void AnOutageLater_IsNotReadAsAWarmUp()
    {
        // One shared database, steady traffic: the first 2 minutes are like the minutes after them. A zone outage that takes the
        // database down at 10m (a quarter of the requests fail) must not make the report say the start differs.
        var s = TestScenario.Run("""
            { "name": "outage-later", "seed": 7, "duration": "20m", "storage": { "kind": "shared", "primaryZone": "az-a" },
              "workload": { "arrivalRate": 20 },
              "faults": [ { "at": "10m", "kind": "zone-outage", "zone": "az-a", "duration": "5m" } ] }
            """);
        Assert.That(s.Requests.Error, Is.GreaterThan(s.Requests.Total / 5), "the outage fails a quarter of the run's requests");
        var start = StartCheck.Of(s)!;
        Assert.Multiple(() =>
        {
            Assert.That(start.Differs, Is.False);
            Assert.That(start.UntilDisruption, Is.True);
            Assert.That(start.UntilSeconds, Is.LessThanOrEqualTo(600), "compared only with the stretch before the outage");
            Assert.That(start.SharesAfter[(int)Outcome.Error], Is.LessThan(0.001), "at most a request in flight when the zone went dark");
            Assert.That(Narrative.Of(s), Has.None.StartsWith("The start differs"));
        });
    }

    [Test]
    public void AFaultInsideTheStart_LeavesNoStartCheck()
    {
        var s = TestScenario.Run("""
            { "name": "early-crash", "seed": 7, "duration": "10m", "workload": { "arrivalRate": 20 },
              "faults": [ { "at": "1m", "kind": "container-crash", "replica": 1 } ] }
            """);
        Assert.That(StartCheck.Of(s), Is.Null, "the first 2 minutes hold a crash: nothing undisturbed to call a warm-up");
    }

    [Test]
    public void AWarmUp_IsLeftOutOfTheRequestStatistics_AndSaidSo()
    {
        var capture = new Capture();
        var s = Runner.Run(ReplicaSim.Scenarios.ScenarioLoader.Load(TestScenario.WriteTemp(Busy), new ReplicaSim.Scenarios.LoadOptions(null, ["workload.warmUp=2m"])), capture);
        var cut = ReplicaSim.Engine.Instant.Start + ReplicaSim.Engine.Duration.FromSeconds(120);
        var after = capture.Requests.Where(r => r.Invoke >= cut).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(s.Requests.Total, Is.EqualTo(after.Count));
            Assert.That(s.WarmUpRequests, Is.EqualTo(capture.Requests.Count - after.Count));
            Assert.That(s.Requests.Error, Is.EqualTo(after.Count(r => r.Outcome == Outcome.Error)));
            Assert.That(s.LatencyMs.Max, Is.EqualTo(after.Max(r => r.Latency.Microseconds) / 1000.0).Within(0.01));
            Assert.That(Narrative.Of(s), Has.Some.Contains("(workload.warmUp) are left out of the request statistics"));
            // How many arrived, and which of them the figures leave out.
            var arrived = capture.Requests.Count + s.InFlightAtEnd;
            Assert.That(Narrative.Of(s), Has.Some.StartsWith($"{Format.Integer(arrived)} requests arrived over {Format.Span(s.SimulatedSeconds)}; the figures count {Format.Integer(s.Requests.Total)} of them, " +
                $"leaving out {Format.Integer(s.WarmUpRequests)} that arrived in the warm-up (its first 2 min 00 s)"));
            Assert.That(Narrative.Of(s).Where(l => l.StartsWith("The first ", StringComparison.Ordinal) && !l.StartsWith("The first 2 min", StringComparison.Ordinal)),
                Is.All.Contains(" after the warm-up: "));
        });
    }
}

/// <summary>Issue 18 item 8 (comparison chart): errors and degraded panels, axes from 0, labels like the axis, variant colours apart from outcome colours.</summary>
public sealed class ComparisonChartTests
{
    [Test]
    public void ComparisonMetrics_ShowErrorsAndDegraded_FromZero_LabelledLikeTheAxis()
    {
        var calm = TestScenario.Run("""{ "name": "calm", "duration": "2m", "storage": { "kind": "shared" } }""");
        var sqlite = TestScenario.Run("""{ "name": "sqlite", "duration": "2m", "storage": { "kind": "sqlite-per-container" }, "workload": { "arrivalRate": 500 } }""");
        var plots = Charts.ComparisonMetrics([calm, sqlite]).Subplots.GetPlots();
        var titles = plots.Select(p => p.Axes.Title.Label.Text).ToList();
        Assert.That(titles, Does.Contain("Failed requests (errors)").And.Contain("Degraded (some requests failed)")
            .And.Contain("Availability (answered without error)").And.Contain("Correctness (right among answered)"));
        var outcomeColours = new[] { Palette.Ok, Palette.Missing, Palette.Stale, Palette.Error };
        foreach (var plot in plots)
        {
            var bars = plot.GetPlottables().OfType<ScottPlot.Plottables.BarPlot>().Single().Bars;
            Assert.That(plot.Axes.Left.Range.Min, Is.EqualTo(0), plot.Axes.Title.Label.Text + ": no negative axis");
            Assert.That(plot.Axes.Left.Range.Max, Is.GreaterThan(0));
            foreach (var bar in bars)
            {
                Assert.That(bar.Label, Is.EqualTo(Charts.BarLabel(bar.Value)));
                Assert.That(outcomeColours, Does.Not.Contain(bar.FillColor), "a variant's colour must not read as an outcome");
            }
        }
        Assert.That(Charts.BarLabel(45071), Is.EqualTo("45,071"));
        Assert.That(Charts.VariantColors.Distinct().Count(), Is.EqualTo(Charts.VariantColors.Length));
    }

    [Test]
    public void ComparisonMetricsWidth_NineVariants_LeavesEachBarRoomForItsName()
    {
        // database-options' nine variants ran their names together at 1,600 px. Two panels across, each with ~140 px of axis:
        // a bar's slot must hold its name at 20 px (~11 px a character) and a label like "121,201" at 24 px bold (~14.4 px).
        var few = TestScenario.Run("""{ "name": "lesson", "duration": "1m" }""");
        Assert.That(Charts.ComparisonMetricsWidth([few, few, few]), Is.EqualTo(Charts.Width), "three variants keep the standard width");
        var nine = Enumerable.Repeat(TestScenario.Run("""{ "name": "dynamodb", "duration": "1m" }"""), 9).ToList();
        var slot = (Charts.ComparisonMetricsWidth(nine) / 2.0 - 140) / 9;
        Assert.That(slot, Is.GreaterThanOrEqualTo(Math.Max("dynamodb".Length * 11, "121,201".Length * 14.4)));
    }
}

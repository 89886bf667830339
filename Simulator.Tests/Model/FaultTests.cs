using ReplicaSim.Engine;
using ReplicaSim.Metrics;
using ReplicaSim.Model;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Model;

/// <summary>Faults against what the configuration implies.</summary>
public sealed class FaultTests
{
    private static (RunSummary Summary, Capture Capture) Run(string json, long? seed = null)
    {
        var capture = new Capture();
        var summary = Runner.Run(TestScenario.Load(json, seed), capture);
        return (summary, capture);
    }

    private static readonly Instant T = Instant.Start + Duration.FromSeconds(300);

    [Test]
    public void Restart_OneReplicaWithSqlite_LosesExactlyTheWritesAcknowledgedBefore()
    {
        var (s, c) = Run("""
            { "duration": "10m", "service": { "replicas": 1, "workers": 4 },
              "storage": { "kind": "sqlite-per-container" },
              "network": { "toContainer": "0ms" },
              "workload": { "arrivalRate": 20, "clients": 100, "mix": { "create": 0.5, "readOwn": 0.5 } },
              "faults": [ { "at": "5m", "kind": "container-restart" } ] }
            """);
        var before = c.Requests.Where(r => r.Op == Operation.Create && r.Outcome == Outcome.Ok && r.Complete < T).Select(r => r.Key).ToHashSet();
        Assert.That(before, Has.Count.GreaterThan(1000));
        Assert.That(s.WritesLost, Is.EqualTo(before.Count));
        Assert.That(c.Lost.Select(l => l.Key).ToHashSet(), Is.EquivalentTo(before));
        var laterReads = c.Requests.Where(r => r.Invoke > T + Duration.FromSeconds(60) && r.Op == Operation.ReadOwn && before.Contains(r.Key)).ToList();
        Assert.That(laterReads, Has.Count.GreaterThan(100));
        Assert.That(laterReads.All(r => r.Outcome == Outcome.Missing), Is.True, "every read of a record from the old app.db is missing");
    }

    [Test]
    public void DatabaseFailure_MultiAz_DownForTheFailoverTimeAndLosesNothing()
    {
        const double rate = 50, failover = 60;
        var (s, c) = Run($$"""
            { "duration": "10m", "service": { "replicas": 2 },
              "storage": { "kind": "shared", "standby": true, "failoverTime": "{{failover}}s" },
              "workload": { "arrivalRate": {{rate}} },
              "faults": [ { "at": "5m", "kind": "database-failure" } ] }
            """);
        var maxLatency = Duration.FromMilliseconds(s.LatencyMs.Max);
        Assert.Multiple(() =>
        {
            Assert.That(s.Downtime, Has.Count.EqualTo(1));
            // The window runs from the arrival of the first failed request (in flight at most one latency
            // before the fault) to the arrival of the first that succeeds (within a few arrivals after failover).
            Assert.That(s.DowntimeSeconds, Is.EqualTo(failover).Within(maxLatency.TotalSeconds + (5 / rate)));
            Assert.That(s.Downtime[0].Cause, Does.Contain("database-failure"));
            Assert.That(s.WritesLost, Is.Zero);
            var expectedErrors = rate * failover;
            Assert.That(s.Requests.Error, Is.EqualTo(expectedErrors).Within((TestScenario.Z * Math.Sqrt(expectedErrors)) + (rate * maxLatency.TotalSeconds)));
            Assert.That(s.Incidents.Single().RecoverySeconds, Is.EqualTo(failover).Within(1));
        });
        Assert.That(c.Requests.Where(r => r.Outcome == Outcome.Error).All(r => r.Reason == ErrorReason.DatabaseDown), Is.True);
    }

    // SPEC.md: "for manual, failoverTime is how long people take to notice and promote": the mode sets its default.
    [TestCase("\"kind\": \"shared\", \"standby\": true, \"failover\": \"manual\"", 1800.0, 1800.0)]
    [TestCase("\"kind\": \"shared\", \"standby\": true", 60.0, 120.0)]
    [TestCase("\"kind\": \"ec2-postgresql\", \"readReplicas\": 1, \"failover\": \"automatic\"", 60.0, 120.0)]
    [TestCase("\"kind\": \"ec2-postgresql\", \"readReplicas\": 1", 1800.0, 1800.0)]
    public void DatabaseFailure_TheFailoverModeSetsHowLongItTakes(string storage, double least, double most)
    {
        var s = TestScenario.Run($$"""
            { "duration": "1h", "service": { "replicas": 2 }, "storage": { {{storage}} },
              "workload": { "arrivalRate": 20 },
              "faults": [ { "at": "5m", "kind": "database-failure" } ] }
            """);
        Assert.That(s.DowntimeSeconds, Is.InRange(least - 1, most + 1), string.Join("; ", s.Downtime.Select(w => w.Cause)));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void DatabaseFailure_WithoutASuccessfulAnswer_ByCompletion_IsTheWholeOutage(bool connectionModel)
    {
        // With connections modelled, requests that arrive during the failover queue behind workers hung on a 5 s
        // connect attempt and are answered after it: by arrival they were served (little downtime), but no
        // successful answer left the load balancer from the fault until the failover and the connect timeout were over.
        const double failover = 60, connect = 5;
        var s = TestScenario.Run($$"""
            { "duration": "10m", "service": { "replicas": 2, "workers": 8 },
              "storage": { "kind": "shared", "standby": true, "failoverTime": "{{failover}}s" {{(connectionModel ? $", \"connectTimeout\": \"{connect}s\"" : "")}} },
              "workload": { "arrivalRate": 20 },
              "faults": [ { "at": "2m", "kind": "database-failure" } ] }
            """);
        var window = s.Unanswered.Single();
        Assert.Multiple(() =>
        {
            Assert.That(window.Cause, Does.StartWith("database-failure"));
            Assert.That(window.Start.Seconds, Is.EqualTo(120).Within(0.001), "from the fault (the last answer before it came a moment earlier)");
            if (connectionModel)
            {
                Assert.That(s.UnansweredSeconds, Is.InRange(failover, failover + connect + 2));
                Assert.That(s.DowntimeSeconds, Is.LessThan(failover / 2), "by arrival, most requests of the outage were answered late");
            }
            else
            {
                Assert.That(s.UnansweredSeconds, Is.EqualTo(s.DowntimeSeconds).Within(1), "requests failing at once: the two measures agree");
            }
        });
    }

    [Test]
    public void DatabaseFailure_JustAfterACrash_TheWindowNamesTheDatabaseNotTheCrash()
    {
        // The crashed container's last requests fail just before the database does, so the window's first error is
        // the container's; most of its errors, and its 90 s, are the database's failover.
        var s = TestScenario.Run("""
            { "duration": "10m", "service": { "replicas": 2, "workers": 8 },
              "storage": { "kind": "shared", "standby": true, "failoverTime": "90s" },
              "workload": { "arrivalRate": 50 },
              "faults": [ { "at": "290s", "kind": "container-crash", "replica": 1 },
                          { "at": "300s", "kind": "database-failure" } ] }
            """);
        var window = s.Downtime.OrderByDescending(w => w.Seconds).First();
        Assert.Multiple(() =>
        {
            Assert.That(window.Seconds, Is.EqualTo(90).Within(1));
            Assert.That(window.Cause, Does.StartWith("database-failure at 00:05:00.000: "));
            Assert.That(s.Downtime.Where(w => w.Cause.StartsWith("container-crash", StringComparison.Ordinal)).Sum(w => w.Seconds), Is.LessThan(15),
                "the crash alone leaves the other replica serving");
        });
    }

    [Test]
    public void ZoneOutage_SingleAzPrimary_DownForTheOutageAndLosesNothing()
    {
        var (s, _) = Run("""
            { "duration": "40m", "service": { "replicas": 2 },
              "storage": { "kind": "shared", "primaryZone": "az-a", "standby": false },
              "workload": { "arrivalRate": 20 },
              "faults": [ { "at": "5m", "kind": "zone-outage", "zone": "az-a", "duration": "20m" } ] }
            """);
        Assert.Multiple(() =>
        {
            Assert.That(s.DowntimeSeconds, Is.GreaterThanOrEqualTo(1200 - 1), "no database for the whole outage");
            Assert.That(s.DowntimeSeconds, Is.LessThan(1200 + 5));
            Assert.That(s.WritesLost, Is.Zero);
            Assert.That(s.ConsistencyViolations, Is.Zero);
        });
    }

    [Test]
    public void ZoneOutage_MultiAz_DownOnlyForTheFailover()
    {
        var (s, _) = Run("""
            { "duration": "40m", "service": { "replicas": 2 },
              "storage": { "kind": "shared", "primaryZone": "az-a", "standby": true, "failoverTime": "90s" },
              "workload": { "arrivalRate": 20 },
              "faults": [ { "at": "5m", "kind": "zone-outage", "zone": "az-a", "duration": "20m" } ] }
            """);
        Assert.That(s.DowntimeSeconds, Is.EqualTo(90).Within(2));
        Assert.That(s.WritesLost, Is.Zero);
    }

    [Test]
    public void StorageLoss_LosesAtMostTheWritesSinceTheLastBackup()
    {
        var (s, c) = Run("""
            { "duration": "20m", "service": { "replicas": 2 },
              "storage": { "kind": "shared", "standby": true, "backupInterval": "5m", "recoveryTime": "2m" },
              "workload": { "arrivalRate": 20 },
              "faults": [ { "at": "12m", "kind": "storage-loss" } ] }
            """);
        var backup = Instant.Start + Duration.FromSeconds(600);
        var loss = Instant.Start + Duration.FromSeconds(720);
        var sinceBackup = c.Requests.Count(r => r.IsWrite && r.Outcome == Outcome.Ok && r.Complete > backup && r.Complete <= loss);
        Assert.Multiple(() =>
        {
            Assert.That(s.WritesLost, Is.GreaterThan(0));
            Assert.That(s.WritesLost, Is.LessThanOrEqualTo(sinceBackup));
            Assert.That(c.Lost.All(l => l.At == loss), Is.True);
            Assert.That(s.DowntimeSeconds, Is.EqualTo(120).Within(1), "restore takes recoveryTime");
            Assert.That(s.Requests.Stale + s.Requests.Missing, Is.GreaterThan(0), "records rolled back show up as stale or missing");
        });
    }

    [TestCase(4)]
    [TestCase(3)]
    public void Crash_OneOfN_GetsItsShareUntilHealthChecksNotice_ThenNone(int n)
    {
        var (s, c) = Run($$"""
            { "duration": "10m", "loadBalancer": { "policy": "random" }, "service": { "replicas": {{n}} },
              "storage": { "kind": "shared" },
              "workload": { "arrivalRate": 100 },
              "faults": [ { "at": "5m", "kind": "container-crash", "replica": 2 } ] }
            """);
        // Health checks every 30 s; a check of a dead target fails after the 5 s timeout; two failures mark it unhealthy.
        var earliest = T + Duration.FromSeconds(30 + 5);
        var latest = T + Duration.FromSeconds(60 + 5);
        var beforeDetection = c.Requests.Where(r => r.Invoke >= T && r.Invoke < earliest).ToList();
        var toDead = beforeDetection.Count(r => r.ContainerId == 2);
        var p = 1.0 / n;
        Assert.That(toDead / (double)beforeDetection.Count, Is.EqualTo(p).Within(TestScenario.Z * Math.Sqrt(p * (1 - p) / beforeDetection.Count)));
        Assert.That(beforeDetection.Where(r => r.ContainerId == 2).All(r => r.Outcome == Outcome.Error), Is.True);
        Assert.That(c.Requests.Where(r => r.Invoke > latest).Count(r => r.ContainerId == 2), Is.Zero, "none once it is unhealthy");
        var unhealthy = c.ContainerEvents.Single(e => e.Kind == ContainerEvent.Unhealthy && e.Container == "container-2").At;
        Assert.That(unhealthy, Is.InRange(earliest, latest));
        Assert.That(s.Incidents.Single().RecoverySeconds, Is.EqualTo((unhealthy - T).TotalSeconds).Within(1));
    }

    /// <summary>
    /// A target registered at 0 is checked at 0, 30 s, 60 s, ... whether or not a check is simulated while it is
    /// healthy: crashed at 307 s, its checks at 330 s and 360 s fail after the 5 s timeout, so it is unhealthy at
    /// exactly 365 s; crashed at 300 s (a check instant, the fault first), at 335 s.
    /// </summary>
    [TestCase("307s", 365)]
    [TestCase("300s", 335)]
    [TestCase("300.5s", 365)]
    public void Crash_IsNoticedAtTheTargetsOwnCheckInstants(string at, int unhealthySeconds)
    {
        var (_, c) = Run($$"""
            { "duration": "10m", "service": { "replicas": 3 }, "storage": { "kind": "shared" },
              "workload": { "arrivalRate": 20 },
              "faults": [ { "at": "{{at}}", "kind": "container-crash", "replica": 2 } ] }
            """);
        var unhealthy = c.ContainerEvents.Single(e => e.Kind == ContainerEvent.Unhealthy && e.Container == "container-2").At;
        Assert.That(unhealthy, Is.EqualTo(Instant.Start + Duration.FromSeconds(unhealthySeconds)));
    }

    [Test]
    public void Deploy_WithSqlite_LosesEveryRecordCreatedBeforeIt()
    {
        var (s, c) = Run("""
            { "duration": "10m", "service": { "replicas": 3 },
              "storage": { "kind": "sqlite-per-container" },
              "workload": { "arrivalRate": 20, "mix": { "create": 0.3, "readOwn": 0.5, "update": 0.2 } },
              "faults": [ { "at": "5m", "kind": "deploy" } ] }
            """);
        var before = c.Requests.Where(r => r.Op == Operation.Create && r.Outcome == Outcome.Ok && r.Complete < T).Select(r => r.Key).ToHashSet();
        Assert.That(before, Has.Count.GreaterThan(500));
        Assert.That(before.IsSubsetOf(c.Lost.Select(l => l.Key)), Is.True, "every record from before the deploy is gone");
        Assert.That(s.WritesLost, Is.GreaterThanOrEqualTo(before.Count));
        var deployDone = s.Incidents.Single().End!.Value;
        Assert.That(c.Requests.Where(r => r.Invoke > deployDone && r.Op != Operation.Create && before.Contains(r.Key)).All(r => r.Outcome == Outcome.Missing), Is.True);
        Assert.That(s.Requests.Error, Is.Zero, "a rolling deploy with minimum healthy 100 % drops no request");
        Assert.That(s.ContainersStarted, Is.EqualTo(6));
    }

    [Test]
    public void Deploy_WithSharedDatabase_LosesNothing()
    {
        var (s, _) = Run("""
            { "duration": "10m", "service": { "replicas": 3 }, "storage": { "kind": "shared" },
              "faults": [ { "at": "5m", "kind": "deploy" } ] }
            """);
        Assert.That(s.WritesLost + s.ConsistencyViolations + s.Requests.Error, Is.Zero);
    }

    [Test]
    public void RandomCrashes_AreReplacedAndTheirTimesAreTheSameInEveryArchitecture()
    {
        const string json = """
            { "duration": "2h", "service": { "replicas": 3 }, "storage": { "kind": "KIND" },
              "faults": [ { "every": { "exponential": { "mean": "20m" } }, "kind": "container-crash" } ] }
            """;
        var (a, _) = Run(json.Replace("KIND", "sqlite-per-container", StringComparison.Ordinal));
        var (b, _) = Run(json.Replace("KIND", "shared", StringComparison.Ordinal));
        Assert.That(a.Incidents, Has.Count.GreaterThan(1));
        Assert.That(a.Incidents.Select(i => i.Start), Is.EqualTo(b.Incidents.Select(i => i.Start)));
        Assert.That(a.Incidents.All(i => i.End is not null), Is.True, "every crashed container was replaced");
        Assert.That(b.WritesLost, Is.Zero);
        Assert.That(a.WritesLost, Is.GreaterThan(0));
    }

    [Test]
    public void Scale_UpAndDown_ChangesTheRunningCount()
    {
        var (s, _) = Run("""
            { "duration": "10m", "service": { "replicas": 2 }, "storage": { "kind": "shared" },
              "faults": [ { "at": "2m", "kind": "scale", "replicas": 4 }, { "at": "6m", "kind": "scale", "replicas": 1 } ] }
            """);
        var t = s.Timeline;
        Assert.That(t.Running[t.BucketOf(Instant.Start + Duration.FromSeconds(100))], Is.EqualTo(2));
        Assert.That(t.Running[t.BucketOf(Instant.Start + Duration.FromSeconds(300))], Is.EqualTo(4));
        Assert.That(t.Running[t.BucketOf(Instant.Start + Duration.FromSeconds(500))], Is.EqualTo(1));
        Assert.That(s.Requests.Error + s.WritesLost, Is.Zero);
    }

    [Test]
    public void SharedSqliteFile_UnderLoad_ReportsDatabaseIsLocked()
    {
        var (s, _) = Run("""
            { "duration": "5m", "service": { "replicas": 4, "workers": 16 },
              "storage": { "kind": "sqlite-shared-file", "writeTime": { "exponential": { "mean": "40ms" } }, "busyTimeout": "200ms" },
              "workload": { "arrivalRate": 30, "mix": { "create": 0.4, "update": 0.2, "readOwn": 0.4 } } }
            """);
        // Writes arrive at 18/s and hold the one lock 40 ms each: the lock is busy 72 % of the time, so
        // some writers wait past the 200 ms busy timeout, while nothing else fails.
        Assert.That(s.ErrorsByReason.Single().Reason, Is.EqualTo(ErrorReason.DatabaseLocked));
        Assert.That(s.ErrorsByReason.Single().Count, Is.GreaterThan(50));
        Assert.That(s.ConsistencyViolations, Is.Zero);
        Assert.That(s.WritesLost, Is.Zero);
    }
}

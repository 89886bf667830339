using ReplicaSim.Engine;
using ReplicaSim.Metrics;
using ReplicaSim.Model;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Model;

/// <summary>
/// The database kinds against replication theory and the vendors' documentation (../shared/FACTS.md):
/// asynchronous copies, eventual and strong reads, failover with and without a reader, manual operations,
/// caches with a TTL, and the price table.
/// </summary>
public sealed class DatabaseOptionsTests
{
    // Network delays are constant, so that the moment a storage operation happens is its completion minus one hop.
    private static readonly Duration Hop = Duration.FromMilliseconds(0.5);

    private static (RunSummary Summary, Capture Capture) Run(string json)
    {
        var capture = new Capture();
        var summary = Runner.Run(TestScenario.Load(json), capture);
        return (summary, capture);
    }

    private static string Scenario(string storage, string extra = "", string duration = "20m", double rate = 100, string faults = "[]") => $$"""
        {
          "name": "db", "seed": 11, "duration": "{{duration}}", "zones": ["az-a", "az-b", "az-c"],
          "service": { "replicas": 3, "workers": 16 },
          "storage": {{storage}},
          "network": { "toContainer": "0.5ms", "toDatabase": "0.5ms", "crossZone": "0.5ms" },
          "workload": { "arrivalRate": {{rate}}, "clients": 100, "mix": { "create": 0.1, "readOwn": 0.5, "readAny": 0.1, "update": 0.3 } },
          "faults": {{faults}}
          {{extra}}
        }
        """;

    /// <summary>When each version of each record was committed at the writer: a write's completion minus the hop back.</summary>
    private static Dictionary<(int Key, int Version), Instant> Commits(Capture c) => c.Requests
        .Where(r => r.IsWrite && r.Outcome == Outcome.Ok)
        .ToDictionary(r => (r.Key, r.Version), r => r.Complete - Hop);

    private static List<RequestRecord> Reads(Capture c) =>
        c.Requests.Where(r => r.Op is Operation.ReadOwn or Operation.ReadAny && r.Outcome != Outcome.Error).ToList();

    /// <summary>SQLite has no server: its database counts are the files' reads and commits, not zeros beside a server's.</summary>
    [TestCase("sqlite-per-container")]
    [TestCase("sqlite-shared-file")]
    public void Sqlite_DatabaseReadsAndWrites_AreTheFilesReadsAndCommits(string kind)
    {
        var (s, c) = Run(Scenario($$"""{ "kind": "{{kind}}" }"""));
        var answeredReads = Reads(c).Count;
        var committed = c.Requests.Count(r => r.IsWrite && r.Outcome == Outcome.Ok);
        Assert.Multiple(() =>
        {
            Assert.That(answeredReads, Is.GreaterThan(50_000));
            // A read or commit finished in the store whose response was still on its way at the end is counted too.
            Assert.That(s.Database!.WriterReads, Is.InRange(answeredReads, answeredReads + s.InFlightAtEnd));
            Assert.That(s.Database.Writes, Is.InRange(committed, committed + s.InFlightAtEnd));
            Assert.That(s.Database.ReplicaReads, Is.Zero);
        });
    }

    /// <summary>
    /// With a constant lag L every copy applies a commit L after it, so a read served by a copy at time t returns the
    /// newest version committed by t - L. It is stale or missing exactly when the newest version acknowledged before
    /// it began was committed less than L before t. Checked on every read of the run, to the microsecond.
    /// </summary>
    [TestCase("{ \"kind\": \"rds\", \"readReplicas\": 2, \"readFrom\": \"replicas\", \"replicaLag\": \"200ms\" }", 200)]
    [TestCase("{ \"kind\": \"aurora\", \"readReplicas\": 1, \"readFrom\": \"replicas\", \"replicaLag\": \"50ms\" }", 50)]
    [TestCase("{ \"kind\": \"rds-multi-az-cluster\", \"readFrom\": \"replicas\", \"replicaLag\": \"1s\" }", 1000)]
    public void ReadFromReplicas_ConstantLag_StaleExactlyWhenTheAcknowledgedVersionIsYoungerThanTheLag(string storage, double lagMs)
    {
        var lag = Duration.FromMilliseconds(lagMs);
        var (s, c) = Run(Scenario(storage));
        var commits = Commits(c);
        var reads = Reads(c).Where(r => r.ExpectedVersion > 0).ToList();
        var behind = 0;
        foreach (var r in reads)
        {
            Assert.That(r.Source, Is.EqualTo(ReadSource.Replica), $"request {r.Id} was not served by a replica");
            var served = r.Complete - Hop;
            var expectedBehind = commits[(r.Key, r.ExpectedVersion)] > served - lag;
            var wasBehind = r.Outcome is Outcome.Stale or Outcome.Missing;
            if (expectedBehind != wasBehind)
            {
                Assert.Fail($"request {r.Id}: read of row {r.Key} served at {served} returned version {r.Version}; version {r.ExpectedVersion} " +
                            $"was committed at {commits[(r.Key, r.ExpectedVersion)]}, lag {lag}: expected {(expectedBehind ? "stale or missing" : "ok")}, got {r.Outcome}");
            }
            behind += wasBehind ? 1 : 0;
        }
        Assert.That(reads, Has.Count.GreaterThan(50_000));
        Assert.That(behind, Is.GreaterThan(20), "the lag should make some reads stale or missing");
        Assert.That(s.Requests.Stale + s.Requests.Missing, Is.EqualTo(behind));
    }

    [TestCase("{ \"kind\": \"dynamodb\", \"consistentReads\": true }")]
    [TestCase("{ \"kind\": \"rds\", \"readReplicas\": 2, \"replicaLag\": \"2s\" }")]
    [TestCase("{ \"kind\": \"aurora\", \"readReplicas\": 2, \"readFrom\": \"primary\" }")]
    [TestCase("{ \"kind\": \"ec2-postgresql\", \"readReplicas\": 1 }")]
    public void StrongReads_ConsistentReadsOrPrimary_NoViolations(string storage)
    {
        var (s, _) = Run(Scenario(storage));
        Assert.Multiple(() =>
        {
            Assert.That(s.Requests.Total, Is.GreaterThan(100_000));
            Assert.That(s.ConsistencyViolations, Is.Zero);
            Assert.That(s.Requests.Error, Is.Zero);
        });
    }

    /// <summary>
    /// Eventually consistent DynamoDB reads: a read goes to one of three copies at random, and only the one left out of
    /// the write's quorum lags; so among reads that would see an older version on the lagging copy, about a third do.
    /// </summary>
    [Test]
    public void DynamoDb_EventualReads_StaleOnlyFromTheLaggingCopy_AboutOneReadInThree()
    {
        var lag = Duration.FromMilliseconds(300);
        var (_, c) = Run(Scenario("{ \"kind\": \"dynamodb\", \"replicaLag\": \"300ms\" }"));
        var commits = Commits(c);
        var exposed = Reads(c).Where(r => r.ExpectedVersion > 0 && commits[(r.Key, r.ExpectedVersion)] > r.Complete - Hop - lag).ToList();
        var behind = exposed.Count(r => r.Outcome is Outcome.Stale or Outcome.Missing);
        Assert.That(Reads(c).Where(r => r.Outcome is Outcome.Stale or Outcome.Missing).All(r => r.Source == ReadSource.EventualCopy), Is.True);
        Assert.That(exposed, Has.Count.GreaterThan(300));
        const double p = 1.0 / 3;
        Assert.That(behind / (double)exposed.Count, Is.EqualTo(p).Within(TestScenario.Z * Math.Sqrt(p * (1 - p) / exposed.Count)));
    }

    /// <summary>
    /// Aurora and DocumentDB keep the data on a volume in three zones: losing the writer's zone loses no acknowledged
    /// write. With a reader the cluster is down about <c>failoverTime</c>; without one, Aurora starts a new writer
    /// (<c>recoveryTime</c>) and DocumentDB waits for the zone: much longer.
    /// </summary>
    [TestCase("aurora", 1, 30.0)]
    [TestCase("documentdb", 1, 30.0)]
    [TestCase("aurora", 0, 480.0)]
    [TestCase("documentdb", 0, 1800.0)]
    public void ZoneOutage_ClusterVolume_LosesNothing_DownForFailoverOrLonger(string kind, int readers, double expectedSeconds)
    {
        const double rate = 100;
        var (s, _) = Run(Scenario($$"""{ "kind": "{{kind}}", "readReplicas": {{readers}}, "failoverTime": "30s", "recoveryTime": "8m" }""",
            duration: "1h", rate: rate, faults: """[ { "at": "10m", "kind": "zone-outage", "zone": "az-a", "duration": "30m" } ]"""));
        var maxLatency = Duration.FromMilliseconds(s.LatencyMs.Max).TotalSeconds;
        Assert.Multiple(() =>
        {
            Assert.That(s.WritesLost, Is.Zero);
            Assert.That(s.WritesAcknowledged, Is.GreaterThan(50_000));
            Assert.That(s.DowntimeSeconds, Is.EqualTo(expectedSeconds).Within(maxLatency + (5 / rate)));
        });
    }

    /// <summary>
    /// Instance kinds against their documented failover: an RDS Multi-AZ DB cluster promotes a standby (down about
    /// <c>failoverTime</c>, nothing lost); an EC2 instance's EBS volume does not leave its zone, so without a replica
    /// the database is down for the whole zone outage, and it comes back only when both the repair and the zone are done.
    /// </summary>
    [TestCase("rds-multi-az-cluster", "database-failure", 25.0)]
    [TestCase("rds-multi-az-cluster", "zone-outage", 25.0)]
    [TestCase("ec2-postgresql", "zone-outage", 1200.0)]
    [TestCase("rds", "zone-outage", 1200.0)]
    public void WriterLost_InstanceKinds_DownAsTheirFailoverImplies_LoseNothing(string kind, string fault, double expectedSeconds)
    {
        const double rate = 100;
        var f = fault == "zone-outage"
            ? """[ { "at": "10m", "kind": "zone-outage", "zone": "az-a", "duration": "20m" } ]"""
            : """[ { "at": "10m", "kind": "database-failure" } ]""";
        var (s, _) = Run(Scenario($$"""{ "kind": "{{kind}}", "failoverTime": "25s", "recoveryTime": "5m" }""", duration: "1h", rate: rate, faults: f));
        var maxLatency = Duration.FromMilliseconds(s.LatencyMs.Max).TotalSeconds;
        Assert.Multiple(() =>
        {
            Assert.That(s.WritesLost, Is.Zero);
            Assert.That(s.DowntimeSeconds, Is.EqualTo(expectedSeconds).Within(maxLatency + (5 / rate)));
        });
    }

    [Test]
    public void Ec2PostgreSql_RepairedDuringAZoneOutage_WaitsForTheZone()
    {
        const double rate = 100;
        var (s, _) = Run(Scenario("""{ "kind": "ec2-postgresql", "failoverTime": "10m" }""", duration: "1h", rate: rate,
            faults: """[ { "at": "5m", "kind": "database-failure" }, { "at": "10m", "kind": "zone-outage", "zone": "az-a", "duration": "20m" } ]"""));
        var maxLatency = Duration.FromMilliseconds(s.LatencyMs.Max).TotalSeconds;
        // Restarted by hand at 15 min, but its zone is down until 30 min: down from 5 to 30 min.
        Assert.That(s.DowntimeSeconds, Is.EqualTo(1500).Within(maxLatency + (5 / rate)));
    }

    [Test]
    public void DynamoDb_DatabaseFailureAndZoneOutage_NoInstanceToFail()
    {
        var (s, _) = Run(Scenario("{ \"kind\": \"dynamodb\", \"consistentReads\": true }", duration: "30m",
            faults: """[ { "at": "5m", "kind": "database-failure" }, { "at": "10m", "kind": "zone-outage", "zone": "az-a", "duration": "5m" }, { "at": "20m", "kind": "storage-loss" } ]"""));
        Assert.Multiple(() =>
        {
            Assert.That(s.DowntimeSeconds, Is.Zero);
            Assert.That(s.WritesLost, Is.Zero);
            Assert.That(s.Incidents[0].Detail, Does.Contain("nothing happens"));
            // Only the containers in the lost zone fail requests, until the load balancer stops sending to them.
            Assert.That(s.ErrorsByReason.All(e => e.Reason is ErrorReason.ContainerDown or ErrorReason.ContainerDied), Is.True);
        });
    }

    /// <summary>
    /// Self-managed PostgreSQL on EC2: when the EBS volume is lost, the team restores last night's backup by hand.
    /// It loses at most the writes acknowledged since that backup, and is down for the manual <c>failoverTime</c>.
    /// </summary>
    [Test]
    public void Ec2PostgreSql_StorageLoss_LosesAtMostTheWritesSinceTheBackup_DownForTheManualTime()
    {
        const double rate = 50;
        var (s, c) = Run(Scenario("""{ "kind": "ec2-postgresql", "backupInterval": "1h", "failoverTime": "20m" }""", duration: "3h", rate: rate,
            faults: """[ { "at": "100m", "kind": "storage-loss" } ]"""));
        var backup = Instant.Start + Duration.FromSeconds(3600);
        var loss = Instant.Start + Duration.FromSeconds(6000);
        var since = c.Requests.Count(r => r.IsWrite && r.Outcome == Outcome.Ok && r.Complete > backup && r.Complete <= loss);
        var maxLatency = Duration.FromMilliseconds(s.LatencyMs.Max).TotalSeconds;
        Assert.Multiple(() =>
        {
            Assert.That(s.WritesLost, Is.GreaterThan(100));
            Assert.That(s.WritesLost, Is.LessThanOrEqualTo(since));
            Assert.That(c.Lost.All(l => l.At == loss), Is.True);
            Assert.That(s.DowntimeSeconds, Is.EqualTo(1200).Within(maxLatency + (5 / rate)));
        });
    }

    /// <summary>
    /// A streaming replica promoted by hand has what had reached it when the primary failed: with a constant lag L,
    /// the writes lost are among those committed in the last L, and the primary is down for the manual failoverTime.
    /// </summary>
    [Test]
    public void Ec2PostgreSql_ManualPromotion_LosesOnlyWhatHadNotReachedTheReplica()
    {
        const double rate = 200;
        var (s, c) = Run(Scenario("""{ "kind": "ec2-postgresql", "readReplicas": 1, "replicaLag": "2s", "failoverTime": "10m" }""", duration: "30m", rate: rate,
            faults: """[ { "at": "5m", "kind": "database-failure" } ]"""));
        var failure = Instant.Start + Duration.FromSeconds(300);
        var recent = c.Requests.Where(r => r.IsWrite && r.Outcome == Outcome.Ok && r.Complete - Hop > failure - Duration.FromSeconds(2) && r.Complete - Hop <= failure)
            .Select(r => r.Key).ToHashSet();
        var maxLatency = Duration.FromMilliseconds(s.LatencyMs.Max).TotalSeconds;
        Assert.Multiple(() =>
        {
            Assert.That(s.WritesLost, Is.GreaterThan(0));
            Assert.That(c.Lost.Select(l => l.Key).ToHashSet().IsSubsetOf(recent), Is.True, "only writes committed in the last 2 s before the failure are lost");
            Assert.That(s.DowntimeSeconds, Is.EqualTo(600).Within(maxLatency + (5 / rate)));
        });
    }

    /// <summary>
    /// Cache-aside without invalidation: a cached copy is what the store held when it was filled, and it is served for
    /// at most <c>ttl</c>; so a stale read from the cache returns a version whose successor was committed less than
    /// <c>ttl</c> before. With invalidation on write, the cache serves nothing stale (the fill is atomic with the read).
    /// </summary>
    [Test]
    public void Cache_WithoutInvalidation_NoStaleReadOlderThanTheTtl()
    {
        var ttl = Duration.FromSeconds(10);
        var (s, c) = Run(Scenario("{ \"kind\": \"rds\" }", extra: ", \"cache\": { \"ttl\": \"10s\", \"invalidateOnWrite\": false }"));
        var commits = Commits(c);
        var stale = Reads(c).Where(r => r.Outcome == Outcome.Stale).ToList();
        Assert.That(stale, Has.Count.GreaterThan(100));
        foreach (var r in stale)
        {
            Assert.That(r.Source, Is.EqualTo(ReadSource.Cache));
            var successor = commits[(r.Key, r.Version + 1)];
            Assert.That(r.Complete - Hop - successor, Is.LessThan(ttl), $"request {r.Id} served version {r.Version} of row {r.Key}, superseded at {successor}");
        }
        Assert.That(s.Database!.CacheHits, Is.GreaterThan(5000));
        var (invalidating, _) = Run(Scenario("{ \"kind\": \"rds\" }", extra: ", \"cache\": { \"ttl\": \"10s\", \"invalidateOnWrite\": true }"));
        Assert.That(invalidating.ConsistencyViolations, Is.Zero);
    }

    [Test]
    public void CacheFailure_WithoutReplica_LosesItsContents_ReadsGoToTheStore()
    {
        var (s, c) = Run(Scenario("{ \"kind\": \"rds\" }", extra: ", \"cache\": { \"ttl\": \"10m\", \"replaceTime\": \"1m\" }", duration: "10m",
            faults: """[ { "at": "5m", "kind": "cache-failure" } ]"""));
        var during = c.Requests.Where(r => r.Op is Operation.ReadOwn && r.Invoke > Instant.Start + Duration.FromSeconds(301) && r.Invoke < Instant.Start + Duration.FromSeconds(359)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(s.Incidents.Single().Detail, Does.Contain("contents are lost"));
            Assert.That(during, Has.Count.GreaterThan(1000));
            Assert.That(during.All(r => r.Outcome == Outcome.Ok && r.Source == ReadSource.Primary), Is.True);
            Assert.That(s.Incidents.Single().End, Is.EqualTo(Instant.Start + Duration.FromSeconds(360)));
        });
    }

    [Test]
    public void ReplicaFailure_ReadsMoveToTheOtherReplica()
    {
        var (s, c) = Run(Scenario("{ \"kind\": \"rds\", \"readReplicas\": 2, \"readFrom\": \"replicas\", \"recoveryTime\": \"2m\" }", duration: "10m",
            faults: """[ { "at": "5m", "kind": "replica-failure" } ]"""));
        var zones = c.Requests.Where(r => r.Op is Operation.ReadOwn && r.Outcome != Outcome.Error && r.Invoke > Instant.Start + Duration.FromSeconds(301) && r.Invoke < Instant.Start + Duration.FromSeconds(419))
            .Select(r => r.SourceZone).Distinct().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(zones, Has.Count.EqualTo(1), "one replica left");
            Assert.That(s.DowntimeSeconds, Is.Zero);
            Assert.That(s.Incidents.Single().End, Is.EqualTo(Instant.Start + Duration.FromSeconds(420)));
        });
    }

    /// <summary>Every cost item against the price table: instance-hours, storage, requests scaled to a 730-hour month, cache nodes.</summary>
    [Test]
    public void Cost_EveryKind_MatchesThePriceTable()
    {
        const string prices = """
            , "cost": { "databaseInstancePerMonth": 10, "databaseStoragePerMonth": 3, "multiAzExtraPerMonth": 9, "storageGb": 100,
                        "ec2InstancePerMonth": 7, "ebsPerGbMonth": 0.1, "auroraStoragePerGbMonth": 0.2, "auroraIoPerMillion": 0.5,
                        "dynamodbWritePerMillion": 1.5, "dynamodbReadPerMillion": 0.25, "dynamodbStoragePerGbMonth": 0.3, "cacheNodePerMonth": 11 }
            """;
        double Item(RunSummary s, string prefix) => s.Cost.Items.Single(i => i.Item.StartsWith(prefix, StringComparison.Ordinal)).Usd;
        const double month = 730 * 3600.0;
        var seconds = 20 * 60.0;

        var rds = Run(Scenario("{ \"kind\": \"rds\", \"standby\": true, \"readReplicas\": 2 }", prices + ", \"cache\": { \"replicas\": 1 }")).Summary;
        Assert.That(rds.Cost.MonthlyUsd, Is.EqualTo(10 + 3 + 9 + (2 * 13) + (2 * 11)).Within(1e-9));

        var aurora = Run(Scenario("{ \"kind\": \"aurora\", \"readReplicas\": 2 }", prices)).Summary;
        var io = (aurora.Database!.WriterReads + aurora.Database.ReplicaReads + aurora.Database.Writes) / seconds * month / 1e6 * 0.5;
        Assert.Multiple(() =>
        {
            Assert.That(Item(aurora, "3 instances"), Is.EqualTo(30));
            Assert.That(Item(aurora, "cluster volume"), Is.EqualTo(20).Within(1e-9));
            Assert.That(Item(aurora, "I/O"), Is.EqualTo(io).Within(1e-9));
        });

        foreach (var consistent in new[] { false, true })
        {
            var ddb = Run(Scenario($$"""{ "kind": "dynamodb", "consistentReads": {{(consistent ? "true" : "false")}} }""", prices)).Summary;
            var reads = ddb.Database!.WriterReads + ddb.Database.ReplicaReads;
            Assert.Multiple(() =>
            {
                Assert.That(reads + ddb.Database.Writes, Is.EqualTo(ddb.Requests.Total));
                Assert.That(Item(ddb, "write requests"), Is.EqualTo(ddb.Database.Writes / seconds * month / 1e6 * 1.5).Within(1e-9));
                Assert.That(ddb.Cost.Items.Single(i => i.Item.Contains("read requests", StringComparison.Ordinal)).Usd,
                    Is.EqualTo(reads / seconds * month / 1e6 * 0.25 * (consistent ? 2 : 1)).Within(1e-9));
                Assert.That(Item(ddb, "table storage"), Is.EqualTo(30).Within(1e-9));
            });
        }

        var ec2 = Run(Scenario("{ \"kind\": \"ec2-postgresql\", \"readReplicas\": 1 }", prices)).Summary;
        Assert.That(ec2.Cost.MonthlyUsd, Is.EqualTo((2 * 7) + (2 * 100 * 0.1)).Within(1e-9));

        var cluster = Run(Scenario("{ \"kind\": \"rds-multi-az-cluster\" }", prices)).Summary;
        Assert.That(cluster.Cost.MonthlyUsd, Is.EqualTo((3 * 10) + (3 * 3)).Within(1e-9));

        // Without a price table: the lesson's instance classes (db.t3.small ~$25, Multi-AZ about doubles it).
        var small = Run(Scenario("{ \"kind\": \"rds\", \"standby\": true, \"instanceClass\": \"db.t3.small\" }")).Summary;
        Assert.That(small.Cost.MonthlyUsd, Is.EqualTo(25 + 2 + 25).Within(1e-9));
    }

    private static RunSummary Variant(string file, string variant) =>
        Runner.Run(ReplicaSim.Scenarios.ScenarioLoader.Load(Path.Combine(TestScenario.RepoRoot(), "scenarios", file), new ReplicaSim.Scenarios.LoadOptions(Variant: variant)));

    /// <summary>The classic surprises in the scenario library show what their descriptions promise.</summary>
    [Test]
    public void ScenarioLibrary_ClassicSurprises_ShowWhatTheyPromise()
    {
        var primary = Variant("read-replica-lag.json", "reads-from-primary");
        var replica = Variant("read-replica-lag.json", "reads-from-replica");
        var noInvalidation = Variant("cache-without-invalidation.json", "no-invalidation");
        var invalidating = Variant("cache-without-invalidation.json", "invalidate-on-write");
        var ec2 = Variant("self-managed-postgresql.json", "ec2-postgresql");
        var rds = Variant("self-managed-postgresql.json", "rds-multi-az");
        Assert.Multiple(() =>
        {
            Assert.That(primary.ConsistencyViolations, Is.Zero);
            Assert.That(replica.Requests.Stale, Is.GreaterThan(100), "a just-edited profile looks unchanged");
            Assert.That(noInvalidation.Requests.Stale, Is.GreaterThan(1000));
            Assert.That(invalidating.ConsistencyViolations, Is.Zero);
            // Lost at 03:00 (27 h), backed up at midnight (24 h): three hours of writes at about 2/s * 30 % writes.
            Assert.That(ec2.WritesLost, Is.GreaterThan(1000));
            Assert.That(ec2.WritesLost, Is.GreaterThan(10 * rds.WritesLost));
            // At 2 requests/s a window's edges are known to a few arrival gaps plus one latency: well within a minute.
            Assert.That(ec2.DowntimeSeconds, Is.EqualTo(4 * 3600).Within(60), "down until someone wakes up (4 h)");
            Assert.That(rds.DowntimeSeconds, Is.EqualTo(15 * 60).Within(60));
        });
    }

    [Test]
    public void Rds_IsTheSynonymOfShared()
    {
        var s = TestScenario.Load("""{ "storage": { "kind": "rds", "standby": true } }""");
        Assert.That(s.Storage.Kind, Is.EqualTo(StorageKind.Shared));
        Assert.That(s.Storage.Design.CommitWaitsFor, Is.EqualTo(CommitWait.SyncStandby));
    }

    [TestCase("""{ "storage": { "kind": "dynamodb", "readReplicas": 2 } }""", "storage.readReplicas")]
    [TestCase("""{ "storage": { "kind": "aurora", "readFrom": "replicas" } }""", "storage.readFrom")]
    [TestCase("""{ "storage": { "kind": "rds", "consistentReads": true } }""", "storage.consistentReads")]
    [TestCase("""{ "storage": { "kind": "aurora", "standby": true } }""", "storage.standby")]
    [TestCase("""{ "storage": { "kind": "sqlite-per-container" }, "cache": {} }""", "cache")]
    [TestCase("""{ "storage": { "kind": "shared", "instanceClass": "db.t3.mirco" } }""", "storage.instanceClass")]
    public void Loader_OptionThatDoesNotApply_IsReportedWhereItIs(string json, string path)
    {
        var e = Assert.Throws<ReplicaSim.Scenarios.ScenarioException>(() => TestScenario.Load(json))!;
        Assert.That(e.Errors.Select(x => x.Path), Does.Contain(path));
    }

    /// <summary>Every kind is one row of the preset table, in the order of the enum, with its sources.</summary>
    [Test]
    public void Presets_OneRowPerKind_WithSources()
    {
        Assert.That(StoragePresets.All.Select(p => p.Kind), Is.EqualTo(Names.StorageKinds));
        Assert.That(StoragePresets.All.All(p => p.Sources.Length > 20 && p.StandsFor.Length > 10), Is.True);
    }
}

using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;
using ReplicaSim.Metrics;
using ReplicaSim.Model;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Model;

/// <summary>
/// The database as a server with limits (issue 10): its CPU as an M/M/c queue, its throughput cap, the
/// connection pools against the server's limit, and burstable CPU credits, each against the rule or the
/// closed form it must follow.
/// </summary>
public sealed class DatabaseLimitsTests
{
    /// <summary>The database's CPU is the only delay: no application time, no network, no I/O time.</summary>
    private static string CpuOnly(double rate, string cpuMean, string duration = "2000s", string extraStorage = "") => $$"""
        {
          "name": "db-cpu", "duration": "{{duration}}",
          "service": { "replicas": 1, "workers": 100000, "serviceTime": "0ms", "requestTimeout": "0s" },
          "storage": { "kind": "shared", "readTime": "0ms", "writeTime": "0ms", "instanceClass": "db.t3.medium",
                       "queryCpuTime": { "exponential": { "mean": "{{cpuMean}}" } },
                       "maxConnections": 100000, "pool": { "size": 100000, "maxOverflow": 0 }{{extraStorage}} },
          "network": { "toContainer": "0ms", "toDatabase": "0ms", "crossZone": "0ms" },
          "workload": { "arrivalRate": {{rate}}, "clients": 100 }
        }
        """;

    [TestCase(0.5)]
    [TestCase(0.9)]
    public void CpuQueue_MatchesMmcClosedForm(double utilisation)
    {
        // db.t3.medium: c = 2 vCPUs; 10 ms of CPU per query; lambda = rho c / s. Ten seeds give a Student-t
        // 99.9 % interval for each statistic, widened by the histogram's 0.5 % bin for the p99.
        const int c = 2;
        const double s = 0.010;
        var lambda = utilisation * c / s;
        const int seeds = 10;
        var runs = Enumerable.Range(1, seeds).Select(seed => TestScenario.Run(CpuOnly(lambda, "10ms"), seed)).ToList();
        var t = StudentT.InvCDF(0, 1, seeds - 1, 0.9995);

        void Check(string what, Func<RunSummary, double> measured, double theoryMs, double binSlack)
        {
            var values = runs.Select(measured).ToArray();
            var half = (t * values.StandardDeviation() / Math.Sqrt(seeds)) + (binSlack * theoryMs);
            Assert.That(values.Mean(), Is.EqualTo(theoryMs).Within(half), $"rho {utilisation} {what}: simulated {values.Mean():F3} ms, theory {theoryMs:F3} ms");
        }

        Assert.Multiple(() =>
        {
            Check("mean", r => r.LatencyMs.Mean, QueueingTheory.MmcMeanResponseSeconds(c, lambda, s) * 1000, 0);
            Check("p99", r => r.LatencyMs.P99, QueueingTheory.MmcResponseQuantileSeconds(c, lambda, s, 0.99) * 1000, 0.006);
            Check("measured CPU utilisation", r => r.Database!.Limits!.CpuUtilisation!.Value * 1000, utilisation * 1000, 0);
            Assert.That(runs.Sum(r => r.Requests.Error), Is.Zero);
        });
    }

    [Test]
    public void Throughput_CapsAtVcpusOverMeanCpuTime()
    {
        // Offered twice what 2 vCPUs at 10 ms serve: completions run at c / s = 200 per second. Past the first
        // instant the CPU is never idle, so completions in T seconds are a renewal count of two Poisson
        // streams of rate 100: standard deviation sqrt(200 T).
        const double seconds = 200;
        var r = TestScenario.Run(CpuOnly(400, "10ms", "200s"), 7);
        var served = r.Requests.Total - r.Requests.Error;
        var expected = 2 / 0.010 * seconds;
        Assert.That(served, Is.EqualTo(expected).Within(TestScenario.Z * Math.Sqrt(expected) + 2));
        Assert.That(r.Database!.Limits!.CpuUtilisation!.Value, Is.EqualTo(1).Within(0.001));
    }

    [Test]
    public void CpuCapacity_IsOffByDefault_TheDatabaseStaysAPureDelay()
    {
        var plain = TestScenario.Load("""{ "storage": { "kind": "shared" } }""");
        Assert.That(plain.Storage.HasLimits, Is.False);
        var run = TestScenario.Run("""{ "name": "plain", "duration": "60s", "storage": { "kind": "shared" } }""");
        Assert.That(run.Database!.Limits, Is.Null);
    }

    /// <summary>Three containers whose requests each hold a connection for 100 ms of database time.</summary>
    private static string Pools(double rate, int maxConnections, string poolTimeout = "30s") => $$"""
        {
          "name": "pools", "duration": "300s",
          "service": { "replicas": 3, "workers": 1000, "serviceTime": "0ms", "requestTimeout": "0s" },
          "storage": { "kind": "shared", "readTime": "100ms", "writeTime": "100ms",
                       "maxConnections": {{maxConnections}}, "pool": { "size": 5, "maxOverflow": 10, "timeout": "{{poolTimeout}}" } },
          "workload": { "arrivalRate": {{rate}}, "clients": 300 }
        }
        """;

    [Test]
    public void Connections_NoErrorWhileThePoolsFitUnderTheLimit()
    {
        // 3 x (5 + 10) = 45 <= 45, and about 12 connections busy per container on average: the pools suffice.
        var r = TestScenario.Run(Pools(360, 45), 3);
        var l = r.Database!.Limits!;
        Assert.Multiple(() =>
        {
            Assert.That(l.PoolConnections, Is.EqualTo(45));
            Assert.That(l.PoolsExceedLimit, Is.False);
            Assert.That(l.RefusedConnections, Is.Zero);
            Assert.That(l.PoolTimeouts, Is.Zero);
            Assert.That(r.Requests.Error, Is.Zero);
            Assert.That(l.PeakConnections, Is.GreaterThan(15).And.LessThanOrEqualTo(45));
        });
    }

    [Test]
    public void Connections_RefusedWhenThePoolsExceedTheLimit()
    {
        // The same load with a limit of 30 < 45: about 36 connections are wanted, so new ones are refused.
        var r = TestScenario.Run(Pools(360, 30), 3);
        var l = r.Database!.Limits!;
        Assert.Multiple(() =>
        {
            Assert.That(l.PoolsExceedLimit, Is.True);
            Assert.That(l.RefusedConnections, Is.GreaterThan(0));
            Assert.That(l.PeakConnections, Is.EqualTo(30));
            Assert.That(r.ErrorsByReason.Single(e => e.Reason == ErrorReason.ConnectionRefused).Count, Is.EqualTo(l.RefusedConnections));
        });
    }

    [Test]
    public void Connections_PoolTimeoutsWhenAPoolIsTooSmallForItsLoad()
    {
        // 200 requests/s per container x 100 ms = 20 connections wanted, 15 in a pool: the pool's queue grows
        // and requests give up after the 1 s pool timeout. The server's limit is not the problem.
        var r = TestScenario.Run(Pools(600, 1000, "1s"), 3);
        var l = r.Database!.Limits!;
        Assert.Multiple(() =>
        {
            Assert.That(l.RefusedConnections, Is.Zero);
            Assert.That(l.PoolTimeouts, Is.GreaterThan(0));
            Assert.That(l.PeakConnections, Is.EqualTo(45));
            Assert.That(r.ErrorsByReason.Single(e => e.Reason == ErrorReason.PoolTimeout).Count, Is.EqualTo(l.PoolTimeouts));
        });
    }

    [TestCase("db.t3.large", 2, 8.0, 100.0, 901)]
    [TestCase("db.t3.xlarge", 4, 16.0, 200.0, 1802)]
    [TestCase("db.r6g.2xlarge", 8, 64.0, 400.0, 5000)]
    public void InstanceClass_BeyondTheLessonsFour_IsAcceptedWithItsSizeAndPrice(string name, int vcpus, double gib, double usd, int maxConnections)
    {
        var s = TestScenario.Run($$"""
            { "duration": "1m", "service": { "replicas": 2 }, "storage": { "kind": "shared", "instanceClass": "{{name}}", "queryCpuTime": { "constant": "1ms" } },
              "workload": { "arrivalRate": 20 } }
            """);
        Assert.Multiple(() =>
        {
            Assert.That(s.Database!.InstanceClass, Is.EqualTo(name));
            Assert.That(s.Database.Vcpus, Is.EqualTo(vcpus));
            Assert.That(s.Database.MemoryGiB, Is.EqualTo(gib));
            Assert.That(s.Database.Limits!.MaxConnections, Is.EqualTo(maxConnections), "memory / 9,531,392, at most 5,000");
            Assert.That(s.Cost.MonthlyUsd, Is.GreaterThanOrEqualTo(usd), "the instance's price, with storage");
        });
    }

    [Test]
    public void MaxConnections_DefaultsFromTheInstanceMemory()
    {
        Assert.Multiple(() =>
        {
            Assert.That(InstanceClass.Lesson[0].DefaultMaxConnections, Is.EqualTo(112)); // 1 GiB / 9,531,392
            Assert.That(InstanceClass.Lesson[3].DefaultMaxConnections, Is.EqualTo(1802)); // 16 GiB / 9,531,392
            Assert.That(new InstanceClass("big", 64, 512, 0).DefaultMaxConnections, Is.EqualTo(5000));
        });
    }

    [TestCase("standard")]
    [TestCase("unlimited")]
    public void Credits_RunOutAfterCreditsOverUseMinusBaseline(string mode)
    {
        // db.t3.micro: baseline 10 % of 2 vCPUs = 0.2 vCPU. 100 queries/s of 5 ms use 0.5 vCPU, so a balance
        // of 1 credit (60 vCPU-seconds) lasts 60 / (0.5 - 0.2) = 200 s. The CPU used by time t has standard
        // deviation sqrt(2 lambda t) s (exponential CPU times), i.e. about 3.3 s on the time axis.
        var json = CpuOnly(100, "5ms", "400s", $$""", "cpuCredits": { "mode": "{{mode}}", "balance": 1 }""")
            .Replace("db.t3.medium", "db.t3.micro", StringComparison.Ordinal);
        var r = TestScenario.Run(json, 11);
        var expected = 60 / (0.5 - 0.2);
        var sd = Math.Sqrt(2 * 100 * expected) * 0.005 / 0.3;
        Assert.That(r.Database!.Limits!.CreditsExhaustedSeconds, Is.EqualTo(expected).Within(TestScenario.Z * sd));
    }

    [Test]
    public void Credits_UnlimitedModeBillsTheSurplusAndStandardDoesNot()
    {
        // 0.3 vCPU above the baseline all month: 0.3 x 730 h x $0.075.
        var unlimited = TestScenario.Run(CpuOnly(100, "5ms", "400s").Replace("db.t3.medium", "db.t3.micro", StringComparison.Ordinal), 5);
        var item = unlimited.Cost.Items.Single(i => i.Item.StartsWith("CPU credits", StringComparison.Ordinal)).Usd;
        // The CPU used over 400 s has standard deviation sqrt(2 x 100 x 400) x 5 ms = 1.4 vCPU-s, i.e. 0.0035 vCPU.
        Assert.That(item, Is.EqualTo(0.3 * 730 * 0.075).Within(TestScenario.Z * 0.0035 * 730 * 0.075));
        var standard = TestScenario.Run(CpuOnly(100, "5ms", "400s", """, "cpuCredits": { "mode": "standard" }""")
            .Replace("db.t3.medium", "db.t3.micro", StringComparison.Ordinal), 5);
        Assert.That(standard.Cost.Items.Any(i => i.Item.StartsWith("CPU credits", StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public void Credits_StandardModeFallsToTheBaselineWhenTheyRunOut()
    {
        // Out of credits, each vCPU runs at 10 %: 5 ms of CPU takes 50 ms, and with 0.5 vCPU of demand
        // against 0.2 of baseline the queue grows: far slower responses after the credits are gone.
        var json = CpuOnly(100, "5ms", "400s", """, "cpuCredits": { "mode": "standard", "balance": 1 }""")
            .Replace("db.t3.medium", "db.t3.micro", StringComparison.Ordinal);
        var standard = TestScenario.Run(json, 2);
        var unlimited = TestScenario.Run(json.Replace("standard", "unlimited", StringComparison.Ordinal), 2);
        Assert.That(standard.LatencyMs.P99, Is.GreaterThan(10 * unlimited.LatencyMs.P99));
    }

    /// <summary>The lesson's instance table (FACTS.md, "instance classes (lesson)"): vCPUs, GiB, dollars a month.</summary>
    private static readonly Dictionary<string, (int Vcpus, double GiB, double Usd, double Baseline)> LessonClasses = new()
    {
        ["db.t3.micro"] = (2, 1, 12, 0.10),
        ["db.t3.small"] = (2, 2, 25, 0.20),
        ["db.t3.medium"] = (2, 4, 50, 0.20),
        ["db.r6g.large"] = (2, 16, 100, 1.0),
    };

    [Test]
    public void InstanceClass_EveryKindWithInstancesTakesTheLessonsClassesWithTheirFigures(
        [Values("rds", "rds-multi-az-cluster", "aurora", "documentdb", "ec2-postgresql")] string kind,
        [Values("db.t3.micro", "db.t3.small", "db.t3.medium", "db.r6g.large")] string name)
    {
        var (vcpus, gib, usd, baseline) = LessonClasses[name];
        var s = TestScenario.Load($$"""{ "zones": ["az-a", "az-b", "az-c"], "storage": { "kind": "{{kind}}", "instanceClass": "{{name}}" } }""");
        var ic = s.Storage.InstanceClass;
        Assert.Multiple(() =>
        {
            Assert.That((ic.Name, ic.Vcpus, ic.MemoryGiB, ic.MonthlyUsd, ic.BaselinePerVcpu), Is.EqualTo((name, vcpus, gib, usd, baseline)));
            // RDS's default max_connections: LEAST(memory / 9,531,392, 5,000).
            Assert.That(s.Storage.MaxConnections, Is.EqualTo((int)Math.Floor(gib * 1024 * 1024 * 1024 / 9_531_392)));
            // The RDS kinds pay the lesson's price per instance; EC2 the EC2 t3.micro price ($7.60) scaled by the same ratio.
            if (kind == "ec2-postgresql")
            {
                Assert.That(s.Cost.Ec2InstancePerMonth, Is.EqualTo(7.60 * usd / 12).Within(1e-9));
            }
            else
            {
                Assert.That(s.Cost.DatabaseInstancePerMonth, Is.EqualTo(usd));
            }
        });
    }

    [Test]
    public void SummaryJson_DatabaseNamesCpuPeakConnectionsConnectionErrorsAndCredits()
    {
        // db.t3.medium, 100 queries/s of 10 ms: 1 vCPU of 2 busy (rho 0.5; the busy time of n exponential CPU times
        // has sd sqrt(2 lambda T) s, here 0.0016 of the 2 x 2,000 vCPU-s). Unlimited mode from a full balance of
        // 24 h x 0.2 x 2 x 60 = 576 credits, spending 1.0 - 0.4 vCPU beyond the baseline for 2,000 s: 576 - 20 = 556.
        var cpu = TestScenario.Run(CpuOnly(100, "10ms"), 1);
        var db = System.Text.Json.JsonDocument.Parse(ReplicaSim.Reporting.SummaryJson.Write(cpu)).RootElement.GetProperty("database");
        var sdSeconds = Math.Sqrt(2 * 100 * 2000) * 0.010;
        Assert.Multiple(() =>
        {
            Assert.That(db.GetProperty("kind").GetString(), Is.EqualTo("shared"));
            Assert.That(db.GetProperty("instanceClass").GetString(), Is.EqualTo("db.t3.medium"));
            Assert.That(db.GetProperty("cpuUtilisation").GetDouble(), Is.EqualTo(0.5).Within(TestScenario.Z * sdSeconds / (2 * 2000)));
            Assert.That(db.GetProperty("cpuUtilisation").GetDouble(), Is.EqualTo(db.GetProperty("limits").GetProperty("cpuUtilisation").GetDouble()));
            Assert.That(db.GetProperty("connectionErrors").GetInt64(), Is.Zero);
            Assert.That(db.GetProperty("creditBalance").GetDouble(), Is.EqualTo(576 - (0.6 * 2000 / 60)).Within(TestScenario.Z * sdSeconds / 60));
            Assert.That(db.GetProperty("limits").GetProperty("creditMode").GetString(), Is.EqualTo("unlimited"));
        });

        // Pools of 3 x 15 against a limit of 30: every error is a refused connection, and the peak is the limit.
        var refused = TestScenario.Run(Pools(360, 30), 3);
        var db2 = System.Text.Json.JsonDocument.Parse(ReplicaSim.Reporting.SummaryJson.Write(refused)).RootElement.GetProperty("database");
        var l = refused.Database!.Limits!;
        Assert.Multiple(() =>
        {
            Assert.That(db2.GetProperty("peakConnections").GetInt32(), Is.EqualTo(30));
            Assert.That(db2.GetProperty("connectionErrors").GetInt64(), Is.EqualTo(l.PoolTimeouts + l.RefusedConnections + l.ConnectTimeouts).And.GreaterThan(0));
            Assert.That(db2.GetProperty("limits").GetProperty("refusedConnections").GetInt64(), Is.EqualTo(refused.ErrorsByReason.Single(e => e.Reason == ErrorReason.ConnectionRefused).Count));
            Assert.That(db2.GetProperty("limits").GetProperty("poolsExceedLimit").GetBoolean(), Is.True);
        });
        var table = ReplicaSim.Reporting.SummaryTable.Render(refused);
        Assert.That(table, Does.Contain("connections peak / limit").And.Contain("30 / 30 (pools may open 45)"));
    }

    [Test]
    public void Credits_StandardModeOutOfCredits_ServesBaselineTimesVcpusOverCpuTime()
    {
        // db.t3.micro, standard mode, 1 credit: 100 queries/s of 5 ms (0.5 vCPU) run it out at 60 / (0.5 - 0.2) = 200 s.
        // From then on the instance does at most its earnings of CPU work, baseline 10 % x 2 vCPUs = 0.2 vCPU-s a
        // second: 0.2 / 5 ms = 40 queries/s however long the queue. Past 300 s the completions are about a Poisson
        // stream of 40/s (each vCPU ends throttled queries of exponential length), so their rate over 700 s has
        // sd sqrt(40 x 700) / 700 = 0.24/s; a few queries of credit carried over add a little at the start.
        var json = CpuOnly(100, "5ms", "1000s", """, "cpuCredits": { "mode": "standard", "balance": 1 }""")
            .Replace("db.t3.medium", "db.t3.micro", StringComparison.Ordinal);
        var capture = new Capture();
        var r = Runner.Run(TestScenario.Load(json, 8), capture);
        var from = ReplicaSim.Engine.Instant.Start + ReplicaSim.Engine.Duration.FromSeconds(300);
        var served = capture.Requests.Count(x => x.Complete > from && x.Outcome == Outcome.Ok);
        Assert.Multiple(() =>
        {
            Assert.That(served / 700.0, Is.EqualTo(0.2 / 0.005).Within((TestScenario.Z * Math.Sqrt(40 * 700) / 700) + 0.1));
            Assert.That(r.Database!.Limits!.CreditBalance, Is.Zero, "a throttled instance shows no credit");
            Assert.That(r.Overloaded, Is.True, "100 queries/s against 40: the queue grows");
        });
    }

    [TestCase("db.t3.micro", 7.60)]
    [TestCase("db.t3.small", 7.60 * 25 / 12)]
    [TestCase("db.r6g.large", 7.60 * 100 / 12)]
    public void Ec2PostgreSql_IsPricedByItsInstanceClass(string instanceClass, double perInstance)
    {
        // EC2's t3.micro price scaled by the lesson's RDS price ratios; two instances (a streaming replica) and
        // 20 GB of EBS each at $0.08.
        var s = TestScenario.Load($$"""{ "storage": { "kind": "ec2-postgresql", "readReplicas": 1, "instanceClass": "{{instanceClass}}" } }""");
        var cost = ReplicaSim.Metrics.CostModel.Estimate(s);
        Assert.That(cost.MonthlyUsd, Is.EqualTo((2 * perInstance) + (2 * 20 * 0.08)).Within(1e-9));
        var unnamed = TestScenario.Load("""{ "storage": { "kind": "ec2-postgresql" } }""");
        Assert.That(unnamed.Cost.Ec2InstancePerMonth, Is.EqualTo(7.60));
    }

    [TestCase("""{ "storage": { "kind": "dynamodb", "queryCpuTime": "5ms" } }""", "storage.queryCpuTime", "no database instance")]
    [TestCase("""{ "storage": { "kind": "shared", "instanceClass": "db.r6g.large", "cpuCredits": { "mode": "standard" } } }""", "storage.cpuCredits", "not burstable")]
    [TestCase("""{ "storage": { "kind": "shared", "cpuCredits": { "mode": "bursty" } } }""", "storage.cpuCredits.mode", "not a credit mode")]
    [TestCase("""{ "storage": { "kind": "shared", "pool": { "sise": 3 } } }""", "storage.pool.sise", "did you mean \"size\"")]
    [TestCase("""{ "storage": { "kind": "shared", "maxConnections": 0 } }""", "storage.maxConnections", "")]
    [TestCase("""{ "storage": { "kind": "dynamodb", "instanceClass": "db.t3.small" } }""", "storage.instanceClass", "no database instance")]
    [TestCase("""{ "storage": { "kind": "sqlite-shared-file", "instanceClass": "db.t3.small" } }""", "storage.instanceClass", "no database instance")]
    [TestCase("""{ "storage": { "instanceClass": "db.t3.small" } }""", "storage.instanceClass", "add \"kind\"")]
    public void BadLimits_AreNamedWithTheirPath(string json, string path, string message)
    {
        var e = Assert.Throws<ReplicaSim.Scenarios.ScenarioException>(() => TestScenario.Load(json));
        Assert.That(e!.Errors.Single(x => x.Path == path).Message, Does.Contain(message));
    }

    private static string Failover(string storageExtra, int workers = 8, string requestTimeout = "0s") => $$"""
        {
          "name": "failover", "duration": "600s", "zones": ["az-a", "az-b"],
          "service": { "replicas": 2, "workers": {{workers}}, "requestTimeout": "{{requestTimeout}}" },
          "storage": { "kind": "shared", "standby": true, "failoverTime": "60s"{{storageExtra}} },
          "workload": { "arrivalRate": 20, "clients": 200 },
          "timelineBucket": "1s",
          "faults": [ { "at": "100s", "kind": "database-failure" } ]
        }
        """;

    [Test]
    public void Failover_NewConnectionsToTheGoneHostHangForTheConnectTimeout_AndTheBacklogOutlastsTheFailover()
    {
        // The writer fails at 100 s and the standby serves at 160 s. Every worker soon hangs in a connection
        // attempt to the old address for connectTimeout (127 s, the default), so nothing is served until the
        // first attempts give up at about 227 s: the requests that arrived at 100 s take about connectTimeout,
        // and even one that arrived at 200 s, after the failover and the DNS TTL, waits until then.
        var r = TestScenario.Run(Failover(""", "dnsTtl": "5s" """), 4);
        var t = r.Timeline!;
        Assert.Multiple(() =>
        {
            Assert.That(r.Database!.Limits!.ConnectTimeouts, Is.GreaterThanOrEqualTo(16));
            Assert.That(r.ErrorsByReason.Single(e => e.Reason == ErrorReason.ConnectTimeout).Count, Is.EqualTo(r.Database.Limits.ConnectTimeouts));
            Assert.That(t.LatencyQuantileMs(100, 0.99), Is.EqualTo(127_000).Within(1_500));
            // 27 s until the attempts give up, plus the backlog ahead of it: about 2,000 requests that 16 workers
            // at about 30 ms each serve in about 4 s.
            Assert.That(t.LatencyQuantileMs(200, 0.5), Is.InRange(27_000, 27_000 + 8_000));
            Assert.That(t.LatencyQuantileMs(300, 0.99), Is.LessThan(1_000));
        });
    }

    [Test]
    public void FailoverOutage_IsFailoverPlusDnsPlusBacklog_AndItsP99IsTheConnectTimeout()
    {
        // The writer fails at 100 s and serves again at 160 s (failover 60 s); dnsTtl 5 s. The connection
        // attempts begun at 100 s hang until 227 s (connectTimeout 127 s) and all 16 workers with them, so the
        // outage lasts connectTimeout plus the time 16 workers take to drain what arrived meanwhile:
        // 20 requests/s x 127 s = 2,540 requests, served at 16 / 35 ms (lognormal service of median 20 ms and
        // p99 200 ms has mean 33 ms, plus the database) = 457/s while 20/s keep arriving: 2,540 / 437 = 5.8 s.
        // The backlog is what follows the failover and the DNS TTL: 127 - 65 + 5.8 = 68 s.
        var r = TestScenario.Run(Failover(""", "dnsTtl": "5s" """), 4);
        var o = r.Database!.Outages.Single();
        var drain = 20 * 127 / ((16 / 0.035) - 20);
        Assert.Multiple(() =>
        {
            Assert.That(o.StartSeconds, Is.EqualTo(100));
            Assert.That(o.FailoverSeconds, Is.EqualTo(60));
            Assert.That(o.DnsSeconds, Is.EqualTo(5));
            Assert.That(o.Over, Is.True);
            Assert.That(o.BacklogSeconds, Is.EqualTo(127 - 65 + drain).Within(3));
            Assert.That(o.TotalSeconds, Is.EqualTo(o.FailoverSeconds + o.DnsSeconds + o.BacklogSeconds).Within(1e-6));
            // Latency falls with the arrival time (an arrival at 100 + x waits until about 227 s), so the slowest
            // 1 % are those of the first 1 % of the outage: connectTimeout less 1 % of the outage, to within the
            // latency histogram's 2 % bins.
            Assert.That(o.P99LatencyMs!.Value, Is.EqualTo(127_000 - (10 * o.TotalSeconds)).Within(0.02 * 127_000));
        });
    }

    [Test]
    public void Failover_BehindTheLoadBalancersTimeout_ClientsGiveUpAtItWhileTheWorkersStillHang()
    {
        // As above, with the ALB's 60 s timeout: a request whose worker hangs in a connection attempt (127 s) has
        // its failure at 60 s, but the worker is held until the attempt gives up at about 227 s, so the outage
        // still lasts about connectTimeout: the queued requests older than 60 s are skipped at once after 227 s,
        // and what arrived in the last 60 s (1,200 requests) 16 workers at 35 ms drain in 1,200 / (457 - 20) = 2.7 s.
        var capture = new Capture();
        var r = Runner.Run(TestScenario.Load(Failover(""", "dnsTtl": "5s" """, requestTimeout: "60s"), 4), capture);
        var hung = capture.Requests.Where(x => x.Reason == ErrorReason.ConnectTimeout).ToList();
        var o = r.Database!.Outages.Single();
        Assert.Multiple(() =>
        {
            Assert.That(hung, Has.Count.EqualTo(r.Database.Limits!.ConnectTimeouts).And.Count.GreaterThanOrEqualTo(16));
            Assert.That(hung.Select(x => x.Latency).Distinct(), Is.EqualTo(new[] { ReplicaSim.Engine.Duration.FromSeconds(60) }));
            // Nobody waits past the load balancer's timeout (give or take one request's service after it was dequeued).
            Assert.That(capture.Requests.Max(x => x.Latency), Is.LessThan(ReplicaSim.Engine.Duration.FromSeconds(61)));
            Assert.That(o.TotalSeconds, Is.EqualTo(127 + (20 * 60 / ((16 / 0.035) - 20))).Within(3));
            Assert.That(o.P99LatencyMs!.Value, Is.EqualTo(60_000).Within(0.02 * 60_000));
        });
    }

    [Test]
    public void FailoverOutage_WithAShortConnectTimeout_IsAboutFailoverPlusDns()
    {
        // 1 s connect timeout and workers to spare: the last attempt to the old address starts at 165 s and gives
        // up at 166 s, so the backlog after the DNS TTL lasts about the connect timeout.
        var r = TestScenario.Run(Failover(""", "connectTimeout": "1s", "dnsTtl": "5s" """, workers: 200), 4);
        var o = r.Database!.Outages.Single();
        Assert.Multiple(() =>
        {
            Assert.That(o.FailoverSeconds + o.DnsSeconds, Is.EqualTo(65));
            Assert.That(o.BacklogSeconds, Is.InRange(0.9, 1.2));
            // A failed attempt takes the connect timeout; a request that found its pool's 15 places all hanging
            // waits for one to give up first, so the slowest take up to twice as long.
            Assert.That(o.P99LatencyMs!.Value, Is.InRange(1_000, 2_000));
        });
        var report = ReplicaSim.Reporting.DatabaseText.Section(TestScenario.Load(Failover(""", "connectTimeout": "1s", "dnsTtl": "5s" """, workers: 200)), r.Database);
        Assert.That(report.Single(l => l.StartsWith("Writer outage", StringComparison.Ordinal)),
            Does.Contain("failover 1 min 00 s").And.Contain("DNS 5 s").And.Contain("backlog"));
    }

    [Test]
    public void Failover_WithoutLimitsTheDatabaseIsSimplyUnavailableDuringTheFailover()
    {
        var r = TestScenario.Run(Failover(""), 4);
        var t = r.Timeline!;
        Assert.Multiple(() =>
        {
            Assert.That(t.Outcomes(Outcome.Error)[130], Is.EqualTo(t.Requests(130)));
            Assert.That(t.LatencyQuantileMs(130, 0.99), Is.LessThan(1_000));
            Assert.That(t.Outcomes(Outcome.Error)[170], Is.Zero);
        });
    }

    [Test]
    public void Failover_AShortConnectTimeoutFailsFastUntilFailoverPlusDnsTtl()
    {
        // A 1 s connect timeout and enough workers: requests fail after 1 s until the failover is done (160 s)
        // and the containers stop resolving the old address, dnsTtl (30 s) later: errors end at about 190 s.
        var r = TestScenario.Run(Failover(""", "connectTimeout": "1s", "dnsTtl": "30s" """, workers: 200), 4);
        var t = r.Timeline!;
        var errors = t.Outcomes(Outcome.Error);
        var last = Enumerable.Range(0, t.Count).Last(b => errors[b] > 0);
        Assert.Multiple(() =>
        {
            Assert.That(last, Is.InRange(188, 190));
            Assert.That(errors[150], Is.EqualTo(t.Requests(150)));
            Assert.That(t.LatencyQuantileMs(150, 0.5), Is.EqualTo(1_000).Within(50));
        });
    }
    /// <summary>
    /// After a scale-database the summary names the class the run ends on, with the limit it brings (db.t3.small:
    /// 2 GiB / 9,531,392 bytes = 225 connections), and says when it changed from the db.t3.micro's 112.
    /// </summary>
    [Test]
    public void ScaleDatabase_SummaryNamesTheEndClassAndWhenTheLimitChanged()
    {
        var s = TestScenario.Run("""
            { "duration": "30m", "storage": { "kind": "rds", "instanceClass": "db.t3.micro", "queryCpuTime": "1ms" },
              "faults": [ { "at": "10m", "kind": "scale-database", "instanceClass": "db.t3.small" } ] }
            """);
        var db = s.Database!;
        Assert.Multiple(() =>
        {
            Assert.That(db.InstanceClass, Is.EqualTo("db.t3.small"));
            Assert.That(db.MemoryGiB, Is.EqualTo(2));
            Assert.That(db.Limits!.MaxConnections, Is.EqualTo((int)Math.Floor(2.0 * 1024 * 1024 * 1024 / 9_531_392)));
            var r = db.Resized.Single();
            Assert.That((r.From, r.To, r.MaxConnectionsBefore, r.MaxConnectionsAfter), Is.EqualTo(("db.t3.micro", "db.t3.small", 112, 225)));
            Assert.That(r.AtSeconds, Is.GreaterThanOrEqualTo(600).And.LessThan(1800));
        });
    }
}

using ReplicaSim.Engine;
using ReplicaSim.Metrics;
using ReplicaSim.Model;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Metrics;

/// <summary>
/// A fault's errors and recovery take in every window blamed on it, one outage names one fault in every list, and the
/// first anomaly of each kind is the first to arrive.
/// </summary>
public sealed class RunCollectorTruthFixTests
{
    private static (RunSummary Summary, Capture Capture) Run(string json)
    {
        var capture = new Capture();
        var summary = Runner.Run(TestScenario.Load(json), capture);
        return (summary, capture);
    }

    private static bool Names(TimeWindow w, IncidentSummary i) => w.Cause.StartsWith($"{i.Label} at {i.Start}", StringComparison.Ordinal);

    /// <summary>The windows blamed on <paramref name="i"/> end by the end of its errors, and it recovered no earlier.</summary>
    private static void AssertErrorsCoverTheirWindows(RunSummary s, IncidentSummary i)
    {
        var windows = s.Downtime.Concat(s.Degraded).Where(w => Names(w, i)).ToList();
        Assert.That(windows, Is.Not.Empty, "the fault caused errors");
        var last = windows.Max(w => w.End);
        Assert.That(i.ErrorSeconds, Is.EqualTo((last - i.Start).TotalSeconds).Within(1e-6), "its errors end with the last window blamed on it");
        Assert.That(i.RecoverySeconds, Is.GreaterThanOrEqualTo(i.ErrorSeconds).And.GreaterThan(0), "not 'answers stayed as before it'");
    }

    [Test]
    public void Recovery_MultiAzMaintenanceFailsOverAtTheEndOfItsWindow_ItsErrorsAndRecoveryTakeInTheFailover()
    {
        // The standby is patched for 8 minutes, then the database fails over: the outage begins 8 minutes after the
        // fault, and in hour-long buckets its errors are a small share of the bucket's requests.
        var s = TestScenario.Run("""
            { "seed": 5, "duration": "4h", "timelineBucket": "1h", "zones": ["az-a", "az-b"], "service": { "replicas": 2 },
              "storage": { "kind": "rds", "standby": true, "connectTimeout": "10s" },
              "workload": { "arrivalRate": 2 },
              "faults": [ { "at": "65m", "kind": "maintenance", "duration": "8m" } ] }
            """);
        var maintenance = s.Incidents.Single();
        Assert.Multiple(() =>
        {
            Assert.That(s.Downtime.Where(w => Names(w, maintenance)).Min(w => w.Start - maintenance.Start), Is.GreaterThan(Duration.FromSeconds(60)),
                "the outage begins well after the fault");
            AssertErrorsCoverTheirWindows(s, maintenance);
        });
    }

    [Test]
    public void Recovery_FullVolumeFailsWritesInStretches_ItsErrorsLastUntilTheVolumeIsGrown()
    {
        // Writes are rare, so the "storage full" errors come in stretches further apart than the quiet gap, each its
        // own degraded window, until someone grows the volume half an hour after it filled.
        var s = TestScenario.Run("""
            { "seed": 31, "duration": "3h", "zones": ["az-a", "az-b"], "service": { "replicas": 2 },
              "storage": { "kind": "ec2-postgresql", "allocatedGiB": 1, "alertDelay": "30m" },
              "workload": { "arrivalRate": 0.25, "recordBytes": 104857600 } }
            """);
        var full = s.Incidents.Where(i => i.FaultKind == FaultKind.DiskFull).ToList();
        Assert.That(full, Is.Not.Empty);
        Assert.That(full.Max(i => s.Degraded.Count(w => Names(w, i))), Is.GreaterThanOrEqualTo(3), "errors in several stretches");
        Assert.Multiple(() =>
        {
            foreach (var i in full)
            {
                AssertErrorsCoverTheirWindows(s, i);
                Assert.That(i.ErrorSeconds, Is.GreaterThan(25 * 60), "writes failed for most of the half hour");
            }
        });
    }

    [Test]
    public void Causes_ADeployDuringASecurityGroupChange_OneOutageNamesOneFaultInEveryList()
    {
        // The rule is removed at 10 min; the deploy a minute later needs new connections, which the security group
        // drops: the outage (from the deploy to the rule's return) is the security group's, in every list and in the
        // recovery times, also when the two faults fall in different timeline buckets.
        var s = TestScenario.Run("""
            { "seed": 31, "duration": "1h", "zones": ["az-a", "az-b"], "service": { "replicas": 2 },
              "storage": { "kind": "rds", "connectTimeout": "10s" },
              "workload": { "arrivalRate": 0.25 },
              "faults": [ { "at": "10m", "kind": "security-group-change", "duration": "20m" },
                          { "at": "11m", "kind": "deploy" } ] }
            """);
        var group = s.Incidents.Single(i => i.FaultKind == FaultKind.SecurityGroupChange);
        var deploy = s.Incidents.Single(i => i.FaultKind == FaultKind.Deploy);
        var down = s.Downtime.MaxBy(w => w.Seconds)!;
        var unanswered = s.Unanswered.MaxBy(w => w.Seconds)!;
        Assert.Multiple(() =>
        {
            Assert.That(down.Seconds, Is.GreaterThan(15 * 60), "down from the deploy to the rule's return");
            Assert.That(down.Start, Is.GreaterThan(deploy.Start));
            Assert.That(Names(down, group), Is.True, down.Cause);
            Assert.That(Names(unanswered, group), Is.True, unanswered.Cause);
            Assert.That(s.Downtime.Concat(s.Degraded).Concat(s.Unanswered).Where(w => Names(w, deploy)), Is.Empty, "nothing is blamed on the deploy");
            AssertErrorsCoverTheirWindows(s, group);
            Assert.That(group.Recovered, Is.True, "the deploy that struck during its errors does not cut them short");
            Assert.That(deploy.ErrorSeconds, Is.Zero, "the outage's errors are the security group's, not the deploy's too");
            Assert.That(deploy.RecoverySeconds, Is.LessThan((down.Start - deploy.Start).TotalSeconds + 60),
                "the outage's recovery is the security group's");
        });
    }

    [Test]
    public void FirstAnomalies_RequestsFinishOutOfOrder_TheFirstIsTheFirstToArrive()
    {
        // At the zone outage, requests in flight on the container in az-a and those reaching the database in az-a fail
        // at different times after they arrived, so the first error to finish is not the first to arrive.
        var (s, c) = Run("""
            { "seed": 13, "duration": "15m", "zones": ["az-a", "az-b"], "service": { "replicas": 2 },
              "storage": { "kind": "shared", "standby": false, "primaryZone": "az-a" },
              "workload": { "arrivalRate": 10, "warmUp": "1m" },
              "faults": [ { "at": "10m", "kind": "zone-outage", "zone": "az-a", "duration": "2m" } ] }
            """);
        var warmUpEnd = Instant.Start + Duration.FromSeconds(60);
        var counted = c.Requests.Where(r => r.Invoke >= warmUpEnd).ToList();
        foreach (var outcome in new[] { Outcome.Error, Outcome.Missing, Outcome.Stale })
        {
            var anomalies = counted.Where(r => r.Outcome == outcome).ToList();
            var reported = s.FirstAnomalies.Where(a => a.Request.Outcome == outcome).ToList();
            if (anomalies.Count == 0)
            {
                Assert.That(reported, Is.Empty);
                continue;
            }
            var first = anomalies.OrderBy(r => r.Invoke).ThenBy(r => r.Id).First();
            if (outcome == Outcome.Error)
            {
                Assert.That(anomalies.OrderBy(r => r.Complete).First().Id, Is.Not.EqualTo(first.Id), "the case this test is about: answered out of order");
            }
            Assert.That(reported.Single().Request.Id, Is.EqualTo(first.Id), $"the first {outcome} to arrive");
        }
    }

    [Test]
    public void FirstAnomalies_AnErrorInTheWarmUp_IsLeftOut()
    {
        var (s, c) = Run("""
            { "seed": 13, "duration": "8m", "zones": ["az-a", "az-b"], "service": { "replicas": 2 },
              "storage": { "kind": "shared", "standby": false, "primaryZone": "az-a" },
              "workload": { "arrivalRate": 10, "warmUp": "5m" },
              "faults": [ { "at": "2m", "kind": "zone-outage", "zone": "az-a", "duration": "4m" } ] }
            """);
        var warmUpEnd = Instant.Start + Duration.FromSeconds(300);
        Assert.That(c.Requests.Any(r => r.Outcome == Outcome.Error && r.Invoke < warmUpEnd), Is.True, "errors in the warm-up");
        var first = c.Requests.Where(r => r.Outcome == Outcome.Error && r.Invoke >= warmUpEnd).OrderBy(r => r.Invoke).ThenBy(r => r.Id).First();
        Assert.That(s.FirstAnomalies.Single(a => a.Request.Outcome == Outcome.Error).Request.Id, Is.EqualTo(first.Id));
    }

    [Test]
    public void ACrash_IsBehindTheErrorsUntilTheLoadBalancerDetectsItsDeadTarget_NotOnlyUntilItsReplacementIsUp()
    {
        // The ALB checks every 30 s and needs two failures in a row: requests go to the crashed target for up to about
        // a minute, after the replacement is already up (the incident's end).
        var s = TestScenario.Run("""
            { "name": "crash", "seed": 6, "duration": "15m", "service": { "replicas": 10 }, "storage": { "kind": "rds" },
              "workload": { "arrivalRate": 1 },
              "faults": [ { "at": "301s", "kind": "container-crash", "replica": 2 } ] }
            """);
        // Checks at 330 s and 360 s fail: the target is out at 365 s; its replacement was up at 341 s. At 1 request/s over
        // ten targets, the dead one's errors come seconds apart, each stretch a window of its own.
        var crash = s.Incidents.Single();
        var windows = s.Degraded.Concat(s.Downtime).Where(w => w.Start >= crash.Start).ToList();
        Assume.That(windows.Any(w => w.Start > crash.End!.Value + Duration.FromSeconds(10)), Is.True, "a window starts after the replacement is up (and the 10 s quiet gap)");
        Assert.That(windows.Select(w => w.Cause), Has.All.StartWith($"{crash.Label} at {crash.Start}"));
    }
}

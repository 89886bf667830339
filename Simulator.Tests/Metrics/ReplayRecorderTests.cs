using ReplicaSim.Metrics;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Metrics;

public sealed class ReplayRecorderTests
{
    private const string Busy = """
        { "name": "busy", "seed": 11, "duration": "10m", "service": { "replicas": 3, "workers": 8 },
          "storage": { "kind": "sqlite-per-container" }, "workload": { "arrivalRate": 400, "clients": 2000 },
          "faults": [ { "at": "2m", "kind": "container-restart" }, { "at": "6m", "kind": "zone-outage", "zone": "az-a", "duration": "1m" } ] }
        """;

    [Test]
    public void Replay_KeepsABoundedSample_WithEveryStrideIdAndTheFirstRequests()
    {
        var scenario = TestScenario.Load(Busy);
        var capture = new Capture();
        var summary = Runner.Run(scenario, capture);
        var replay = summary.Replay!;
        Assert.That(capture.Requests, Has.Count.GreaterThan(200_000));
        Assert.That(replay.RequestsSeen, Is.EqualTo(capture.Requests.Count));
        Assert.That(replay.Requests, Has.Count.LessThanOrEqualTo(ReplayRecorder.MaxRequests));

        // The stride gives about MaxSampled requests over the expected traffic, and every multiple of it is kept.
        var expected = scenario.Workload.ArrivalRatePerSecond * scenario.Duration.TotalSeconds;
        Assert.That(replay.SampleStride, Is.EqualTo((long)Math.Ceiling(expected / ReplayRecorder.MaxSampled)));
        var kept = replay.Requests.Select(r => r.Id).ToHashSet();
        var strideIds = capture.Requests.Where(r => r.Id % replay.SampleStride == 0).Select(r => r.Id).ToList();
        Assert.That(strideIds, Has.Count.LessThanOrEqualTo(ReplayRecorder.MaxSampled + ReplayRecorder.Early));
        Assert.That(strideIds.Where(id => !kept.Contains(id)), Is.Empty);
        Assert.That(Enumerable.Range(0, ReplayRecorder.Early).Select(i => (long)i).Where(id => !kept.Contains(id)), Is.Empty);
        // The first of each outcome is there.
        foreach (var outcome in capture.Requests.Select(r => r.Outcome).Distinct())
        {
            Assert.That(kept, Does.Contain(capture.Requests.First(r => r.Outcome == outcome).Id), outcome.ToString());
        }

        // State changes: one per container event; the zone goes down and comes back once; record counts at most one per container and bucket.
        Assert.That(replay.Containers.Select(c => (c.At, c.Kind, "container-" + c.Id)), Is.EqualTo(capture.ContainerEvents));
        Assert.That(replay.Zones.Select(z => (z.At.Seconds, z.Zone, z.Up)), Is.EqualTo(new[] { (360.0, 0, false), (420.0, 0, true) }));
        Assert.That(replay.Stores, Has.Count.LessThanOrEqualTo(summary.ContainersStarted * (summary.Timeline.Count + 1)));
        Assert.That(replay.Readers, Is.Empty);
        Assert.That(replay.CacheZone, Is.EqualTo(-1));
    }

    [Test]
    public void Replay_RecordsTheReadReplicasAndTheCache()
    {
        var root = Path.Combine(TestScenario.RepoRoot(), "scenarios");
        var replica = Runner.Run(ReplicaSim.Scenarios.ScenarioLoader.Load(Path.Combine(root, "read-replica-lag.json"), new ReplicaSim.Scenarios.LoadOptions(Variant: "reads-from-replica"))).Replay!;
        Assert.That(replica.Readers.Where(r => r.At.Microseconds == 0).Select(r => r.Up), Is.Not.Empty.And.All.True);
        var cached = Runner.Run(ReplicaSim.Scenarios.ScenarioLoader.Load(Path.Combine(root, "cache-without-invalidation.json"), new ReplicaSim.Scenarios.LoadOptions(Variant: "no-invalidation"))).Replay!;
        Assert.That(cached.CacheZone, Is.GreaterThanOrEqualTo(0));
        Assert.That(cached.Cache.First(), Is.EqualTo((ReplicaSim.Engine.Instant.Start, true)));
    }
}

using ReplicaSim.Model;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Model;

/// <summary>
/// The lesson's claim in numbers. With per-container SQLite and a random load balancer, a record lives
/// only in the container that created it, chosen uniformly; a read lands on a container chosen
/// independently and uniformly, so it finds the record with probability 1/N and misses with (N-1)/N.
/// Each readAny is an independent Bernoulli trial, so the band is z * sqrt(p(1-p)/n).
/// </summary>
public sealed class ConsistencyTheoryTests
{
    private static string Scenario(int replicas, string policy, string kind = "sqlite-per-container", int clients = 500) => $$"""
        {
          "name": "theory", "seed": 3, "duration": "20m",
          "loadBalancer": { "policy": "{{policy}}" },
          "service": { "replicas": {{replicas}}, "workers": 8 },
          "storage": { "kind": "{{kind}}" },
          "workload": { "arrivalRate": 50, "clients": {{clients}}, "mix": { "create": 0.3, "readOwn": 0.3, "readAny": 0.3, "update": 0.1 } }
        }
        """;

    [TestCase(2)]
    [TestCase(3)]
    [TestCase(5)]
    public void ReadAny_RandomBalancerPerContainerSqlite_MissesWithProbabilityNMinusOneOverN(int n)
    {
        var s = TestScenario.Run(Scenario(n, "random"));
        var readAny = s.ByOperation.Single(x => x.Op == Operation.ReadAny).Counts;
        var p = (n - 1) / (double)n;
        var observed = readAny.Missing / (double)readAny.Total;
        var band = TestScenario.Z * Math.Sqrt(p * (1 - p) / readAny.Total);
        Assert.That(readAny.Total, Is.GreaterThan(10_000));
        Assert.That(observed, Is.EqualTo(p).Within(band), $"N={n}: {readAny.Missing} of {readAny.Total} readAny missing");
        Assert.That(readAny.Error + readAny.Stale, Is.Zero);
    }

    [TestCase("random")]
    [TestCase("round-robin")]
    [TestCase("least-outstanding")]
    public void OneReplica_PerContainerSqlite_IsConsistent(string policy)
    {
        var s = TestScenario.Run(Scenario(1, policy));
        Assert.Multiple(() =>
        {
            Assert.That(s.ConsistencyViolations, Is.Zero);
            Assert.That(s.WritesLost, Is.Zero);
            Assert.That(s.Requests.Error, Is.Zero);
            Assert.That(s.Requests.Total, Is.GreaterThan(50_000));
        });
    }

    [TestCase("shared", 2)]
    [TestCase("shared", 5)]
    [TestCase("sqlite-shared-file", 3)]
    public void SharedStore_AnyReplicaCount_IsConsistent(string kind, int replicas)
    {
        var s = TestScenario.Run(Scenario(replicas, "random", kind));
        Assert.Multiple(() =>
        {
            Assert.That(s.ConsistencyViolations, Is.Zero);
            Assert.That(s.WritesLost, Is.Zero);
            Assert.That(s.Requests.Error, Is.Zero);
            Assert.That(s.WritesAcknowledged, Is.GreaterThan(10_000));
        });
    }

    /// <summary>
    /// Sticky sessions pin each client to one container, so its own records are always there; but a
    /// record of another client lives on that client's container. Clients are spread evenly, so readAny
    /// still misses about (N-1)/N of the time. Reads are clustered by client, so the band uses the number
    /// of clients, not of reads.
    /// </summary>
    [TestCase(2)]
    [TestCase(3)]
    public void Sticky_ReadOwnIsConsistent_ReadAnyStillMisses(int n)
    {
        const int clients = 2000;
        var s = TestScenario.Run(Scenario(n, "sticky", clients: clients));
        var readOwn = s.ByOperation.Single(x => x.Op == Operation.ReadOwn).Counts;
        var update = s.ByOperation.Single(x => x.Op == Operation.Update).Counts;
        var readAny = s.ByOperation.Single(x => x.Op == Operation.ReadAny).Counts;
        var p = (n - 1) / (double)n;
        Assert.Multiple(() =>
        {
            Assert.That(readOwn.Missing + readOwn.Stale, Is.Zero, "a client pinned to one container always finds its own records");
            Assert.That(update.Missing, Is.Zero);
            Assert.That(readAny.Missing / (double)readAny.Total, Is.EqualTo(p).Within(TestScenario.Z * Math.Sqrt(p * (1 - p) / clients)));
        });
    }
}

using ReplicaSim.Engine;
using ReplicaSim.Metrics;
using ReplicaSim.Model;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Metrics;

/// <summary>Requests counted in the period between timed faults that their arrival falls in, in whatever order they finish.</summary>
public sealed class PeriodCounterTests
{
    [Test]
    public void EachArrival_CountsInItsPeriod_WhateverTheOrderRequestsFinishIn()
    {
        var scenario = TestScenario.Load("""
            { "duration": "1m", "service": { "replicas": 2 },
              "faults": [ { "at": "10s", "kind": "container-restart", "replica": 1 },
                          { "at": "20s", "kind": "container-restart", "replica": 2 },
                          { "at": "30s", "kind": "container-restart", "replica": 1 } ] }
            """);
        var counter = new PeriodCounter(scenario);
        // Out of order, on the bounds, and back and forth across several periods.
        long[] seconds = [25, 5, 35, 15, 20, 10, 0, 59, 30, 29, 9, 31];
        foreach (var s in seconds)
        {
            counter.Add(Instant.Start + Duration.FromSeconds(s), Operation.ReadAny, Outcome.Ok);
        }
        var periods = counter.Finish();
        Assert.That(periods.Select(p => p.Total.Ok), Is.EqualTo(new long[] { 3, 2, 3, 4 }), "[0, 10 s), [10, 20 s), [20, 30 s), [30 s, end)");
    }
}

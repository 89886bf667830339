using ReplicaSim.Model;
using ReplicaSim.Reporting;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Metrics;

/// <summary>Issue 13, item 4: requests still waiting at the end of an overloaded run are counted or named, never hidden.</summary>
public sealed class OverloadTests
{
    // One worker serving ~20 ms requests (about 40 per second) against 2,000 arrivals per second.
    private static string Overloaded(string timeout) => $$"""
        { "duration": "2m", "service": { "replicas": 1, "workers": 1, "requestTimeout": "{{timeout}}" },
          "workload": { "arrivalRate": 2000, "clients": 100 } }
        """;

    [Test]
    public void Run_Overloaded_CountsEveryArrivalAndTimesOutThoseTheBalancerGaveUpOn()
    {
        var s = TestScenario.Run(Overloaded("10s"));
        var arrivals = s.Requests.Total + s.InFlightAtEnd;
        var expected = 2000.0 * 120;
        Assert.That(arrivals, Is.EqualTo(expected).Within(TestScenario.Z * Math.Sqrt(expected)), "every arrival is answered or still waiting");
        // Served: at most ~40/s x 120 s; everything else that waited more than 10 s is a timeout.
        Assert.That(s.Availability, Is.LessThan(0.05));
        Assert.That(s.ErrorsByReason.Single(x => x.Reason == ErrorReason.Timeout).Count, Is.GreaterThan((long)(0.8 * expected)));
        // At most the last 10 s of arrivals (plus the queue ahead of them) can still be waiting.
        Assert.That(s.InFlightAtEnd, Is.LessThan(2000 * 10 * 1.1));
        Assert.That(s.Overloaded, Is.True);
        Assert.That(SummaryTable.Render(s), Does.Contain("still waiting at the end").And.Contain("overloaded"));
    }

    [Test]
    public void Run_OverloadedWithoutTimeout_WarnsInPlainWords()
    {
        var s = TestScenario.Run(Overloaded("0s"));
        Assert.That(s.Overloaded, Is.True);
        Assert.That(s.InFlightAtEnd, Is.GreaterThan(2000 * 100));
        var table = SummaryTable.Render(s);
        Assert.That(table, Does.Contain($"{Format.Integer(s.InFlightAtEnd)} requests, not counted in any figure here: overloaded"));
        Assert.That(ReportWriter.Run(s, "replicasim run x.json"), Does.Contain("still waiting at the end"));
    }

    [Test]
    public void Run_Ordinary_HasNoWaitingRow()
    {
        var s = TestScenario.Run("""{ "duration": "2m" }""");
        Assert.That(s.Overloaded, Is.False);
        Assert.That(SummaryTable.Render(s), Does.Not.Contain("still waiting"));
    }
}

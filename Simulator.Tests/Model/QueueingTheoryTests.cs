using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;
using ReplicaSim.Metrics;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Model;

/// <summary>
/// The full model configured as M/M/c (one replica with c workers, exponential service, Poisson arrivals,
/// zero storage and network time) against the closed forms. Ten independent seeds give a Student-t 99.9 %
/// interval for each statistic; the closed form must lie within it, widened by the histogram's 0.5 % bin
/// for the quantiles.
/// </summary>
public sealed class QueueingTheoryTests
{
    private static string Mmc(int workers, double rate, string service) => $$"""
        {
          "name": "mmc", "duration": "2000s",
          "service": { "replicas": 1, "workers": {{workers}}, "serviceTime": { "exponential": { "mean": "{{service}}" } }, "requestTimeout": "0s" },
          "storage": { "kind": "shared", "readTime": "0ms", "writeTime": "0ms" },
          "network": { "toContainer": "0ms", "toDatabase": "0ms", "crossZone": "0ms" },
          "workload": { "arrivalRate": {{rate}}, "clients": 100 }
        }
        """;

    [TestCase(1, 70.0, 0.010)]
    [TestCase(4, 300.0, 0.010)]
    public void ResponseTime_MatchesClosedForm(int c, double lambda, double meanService)
    {
        const int seeds = 10;
        var runs = Enumerable.Range(1, seeds)
            .Select(seed => TestScenario.Run(Mmc(c, lambda, $"{meanService * 1000}ms"), seed))
            .ToList();
        var t = StudentT.InvCDF(0, 1, seeds - 1, 0.9995);

        void Check(string what, Func<RunSummary, double> measured, double theoryMs, double binSlack)
        {
            var values = runs.Select(measured).ToArray();
            var half = (t * values.StandardDeviation() / Math.Sqrt(seeds)) + (binSlack * theoryMs);
            Assert.That(values.Mean(), Is.EqualTo(theoryMs).Within(half), $"M/M/{c} {what}: simulated {values.Mean():F3} ms, theory {theoryMs:F3} ms");
        }

        Assert.Multiple(() =>
        {
            Check("mean", r => r.LatencyMs.Mean, QueueingTheory.MmcMeanResponseSeconds(c, lambda, meanService) * 1000, 0);
            Check("p50", r => r.LatencyMs.P50, QueueingTheory.MmcResponseQuantileSeconds(c, lambda, meanService, 0.5) * 1000, 0.006);
            Check("p99", r => r.LatencyMs.P99, QueueingTheory.MmcResponseQuantileSeconds(c, lambda, meanService, 0.99) * 1000, 0.006);
            Assert.That(runs.Sum(r => r.Requests.Error), Is.Zero);
        });
    }
    /// <summary>
    /// The load balancer answers 504 at <c>requestTimeout</c> from the request's arrival, whether the request was
    /// still queued or still being served: with every request served for 70 s against a 60 s timeout, every one is
    /// a timeout error answered after exactly 60 s, and no write is acknowledged (the client never heard of it);
    /// served in 50 s, every one is answered.
    /// </summary>
    [TestCase("70s", true)]
    [TestCase("50s", false)]
    public void LoadBalancerTimeout_CapsWhatTheClientWaits(string service, bool timesOut)
    {
        var s = TestScenario.Run($$"""
            {
              "name": "slow", "duration": "30m",
              "service": { "replicas": 2, "workers": 50, "serviceTime": { "constant": "{{service}}" }, "requestTimeout": "60s" },
              "storage": { "kind": "shared" },
              "workload": { "arrivalRate": 0.5, "clients": 20 }
            }
            """, 3);
        Assert.That(s.Requests.Total, Is.GreaterThan(500));
        if (timesOut)
        {
            Assert.That(s.Requests.Error, Is.EqualTo(s.Requests.Total));
            Assert.That(s.ErrorsByReason.Single().Reason, Is.EqualTo(ReplicaSim.Model.ErrorReason.Timeout));
            Assert.That(s.WritesAcknowledged, Is.Zero);
            Assert.That(s.LatencyMs.Max, Is.EqualTo(60_000).Within(0.01 * 60_000), "the histogram's 0.5 % bins");
            Assert.That(s.LatencyMs.P50, Is.EqualTo(60_000).Within(0.01 * 60_000));
        }
        else
        {
            Assert.That(s.Requests.Error, Is.Zero);
            Assert.That(s.LatencyMs.P50, Is.EqualTo(50_000).Within(0.01 * 50_000), "50 s of service, a few ms of network and storage");
        }
    }
}

using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;
using ReplicaSim.Benchmarks;
using ReplicaSim.Engine;
using ReplicaSim.Metrics;

namespace ReplicaSim.Tests.Benchmarks;

/// <summary>
/// The engine against queueing theory. The tolerance comes from the run itself: batch means over
/// 20 batches of consecutive customers give a Student-t 99.9 % interval for the mean, and the closed
/// form must lie inside it.
/// </summary>
public sealed class QueueStationTests
{
    [TestCase(1, 0.9, 1.0, 400_000, 1)]
    [TestCase(1, 0.5, 1.0, 200_000, 2)]
    [TestCase(4, 3.2, 1.0, 400_000, 3)]
    [TestCase(4, 2.0, 0.5, 200_000, 4)]
    public void MeanWait_MatchesClosedForm(int servers, double lambda, double service, int customers, int seed)
    {
        var sim = new Simulation();
        var station = new QueueStation(sim, new RandomStreams(seed), lambda, service, servers, customers);
        station.Start();
        sim.RunToCompletion();

        var expected = QueueingTheory.MmcMeanWaitSeconds(servers, lambda, service);
        var batches = station.BatchMeanWaits;
        var halfWidth = StudentT.InvCDF(0, 1, batches.Count - 1, 0.9995) * batches.StandardDeviation() / Math.Sqrt(batches.Count);
        Assert.That(batches.Mean(), Is.EqualTo(expected).Within(halfWidth),
            $"M/M/{servers} lambda={lambda} mean service={service}: simulated {batches.Mean():F4} s, analytic {expected:F4} s, 99.9% half-width {halfWidth:F4} s");
        Assert.That(station.Served, Is.EqualTo(customers));
    }

    [Test]
    public void ErlangC_KnownValues()
    {
        // c = 1: P(wait) = rho.
        Assert.That(QueueingTheory.ErlangC(1, 0.9), Is.EqualTo(0.9).Within(1e-12));
        // c = 2, a = 1: C = (1/2 * 2/1) / (1 + 1 + 1) = 1/3.
        Assert.That(QueueingTheory.ErlangC(2, 1.0), Is.EqualTo(1.0 / 3).Within(1e-12));
        // M/M/1 wait = rho / (mu - lambda) = 9 s at rho 0.9, mean service 1 s.
        Assert.That(QueueingTheory.MmcMeanWaitSeconds(1, 0.9, 1.0), Is.EqualTo(9.0).Within(1e-9));
    }

    [Test]
    public void MmcResponseQuantile_ForOneServer_IsTheExponentialQuantile()
    {
        Assert.That(QueueingTheory.MmcResponseQuantileSeconds(1, 0.5, 1.0, 0.99),
            Is.EqualTo(QueueingTheory.Mm1ResponseQuantileSeconds(0.5, 1.0, 0.99)).Within(1e-9));
    }
}

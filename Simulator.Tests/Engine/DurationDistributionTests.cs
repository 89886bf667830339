using MathNet.Numerics.Statistics;
using ReplicaSim.Engine;

namespace ReplicaSim.Tests.Engine;

/// <summary>
/// Each distribution's sample mean and a quantile lie within sampling error of theory.
/// Mean: z(0.9999) standard errors using the theoretical standard deviation.
/// Quantile: the order-statistic bound, the empirical CDF at the theoretical quantile is within
/// z * sqrt(p(1-p)/n) of p.
/// </summary>
public sealed class DurationDistributionTests
{
    private const int N = 200_000;
    private const double Z = 3.89; // two-sided 99.99 %

    private static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(new ExponentialDistribution(0.2), 0.2).SetName("exponential");
        yield return new TestCaseData(new UniformDistribution(0.01, 0.05), Math.Sqrt(0.04 * 0.04 / 12)).SetName("uniform");
        var ln = new LogNormalDistribution(0.05, 0.4);
        var sdLn = Math.Sqrt((Math.Exp(ln.Sigma * ln.Sigma) - 1) * Math.Exp((2 * ln.Mu) + (ln.Sigma * ln.Sigma)));
        yield return new TestCaseData(ln, sdLn).SetName("lognormal");
        var wb = new WeibullDistribution(1.5, 2.0);
        var g1 = MathNet.Numerics.SpecialFunctions.Gamma(1 + (1 / 1.5));
        var g2 = MathNet.Numerics.SpecialFunctions.Gamma(1 + (2 / 1.5));
        yield return new TestCaseData(wb, 2.0 * Math.Sqrt(g2 - (g1 * g1))).SetName("weibull");
    }

    [TestCaseSource(nameof(Cases))]
    public void Sample_Mean_IsWithinSamplingErrorOfTheory(DurationDistribution d, double theoreticalSd)
    {
        var rng = new RandomStreams(11).Stream("dist");
        var samples = Enumerable.Range(0, N).Select(_ => d.Sample(rng).TotalSeconds).ToArray();
        var tolerance = (Z * theoreticalSd / Math.Sqrt(N)) + 1e-6; // + rounding to microseconds
        Assert.That(samples.Mean(), Is.EqualTo(d.MeanSeconds).Within(tolerance));
    }

    [TestCaseSource(nameof(Cases))]
    public void Sample_Quantiles_AreWithinSamplingErrorOfTheory(DurationDistribution d, double theoreticalSd)
    {
        _ = theoreticalSd;
        var rng = new RandomStreams(12).Stream("dist");
        var samples = Enumerable.Range(0, N).Select(_ => d.Sample(rng).TotalSeconds).ToArray();
        foreach (var p in new[] { 0.5, 0.99 })
        {
            var q = d.QuantileSeconds(p);
            var below = samples.Count(x => x <= q) / (double)N;
            Assert.That(below, Is.EqualTo(p).Within(Z * Math.Sqrt(p * (1 - p) / N)), $"quantile {p}");
        }
    }

    [Test]
    public void LogNormal_MedianAndP99_AreThoseGiven()
    {
        var d = new LogNormalDistribution(0.05, 0.4);
        Assert.That(d.QuantileSeconds(0.5), Is.EqualTo(0.05).Within(1e-9));
        Assert.That(d.QuantileSeconds(0.99), Is.EqualTo(0.4).Within(1e-9));
    }

    [Test]
    public void Constant_DrawsNothingFromTheStream()
    {
        var a = new RandomStreams(1).Stream("x");
        var b = new RandomStreams(1).Stream("x");
        var c = new ConstantDistribution(new Duration(5));
        Assert.That(c.Sample(a), Is.EqualTo(new Duration(5)));
        Assert.That(a.NextDouble(), Is.EqualTo(b.NextDouble()));
    }
}

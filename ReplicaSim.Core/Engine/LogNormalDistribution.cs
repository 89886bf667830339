using MathNet.Numerics.Distributions;

namespace ReplicaSim.Engine;

/// <summary>Log-normal given by its median and 99th percentile: mu = ln(median), sigma = (ln(p99) - mu) / z(0.99).</summary>
public sealed class LogNormalDistribution : DurationDistribution
{
    /// <summary>The standard normal quantile at 0.99.</summary>
    public static readonly double Z99 = Normal.InvCDF(0, 1, 0.99);

    public LogNormalDistribution(double medianSeconds, double p99Seconds)
    {
        MedianSeconds = medianSeconds;
        P99Seconds = p99Seconds;
        Mu = Math.Log(medianSeconds);
        Sigma = (Math.Log(p99Seconds) - Mu) / Z99;
    }

    public double MedianSeconds { get; }

    public double P99Seconds { get; }

    public double Mu { get; }

    public double Sigma { get; }

    /// <summary>
    /// exp(mu + sigma z) with z drawn by the polar Box-Muller method, as MathNet's <c>LogNormal.Sample</c> draws it
    /// (the same draws and the same arithmetic, so the same durations), without the pair it allocates per draw.
    /// </summary>
    public override Duration Sample(System.Random random)
    {
        double v1, r;
        do
        {
            v1 = (2.0 * random.NextDouble()) - 1.0;
            var v2 = (2.0 * random.NextDouble()) - 1.0;
            r = (v1 * v1) + (v2 * v2);
        }
        while (r >= 1.0 || r == 0.0);
        var fac = Math.Sqrt(-2.0 * Math.Log(r) / r);
        return FromSeconds(Math.Exp(Mu + (Sigma * (v1 * fac))));
    }

    public override double MeanSeconds => Math.Exp(Mu + (Sigma * Sigma / 2));

    public override double QuantileSeconds(double p) => LogNormal.InvCDF(Mu, Sigma, p);

    public override string ToString() => $"lognormal, median {Format(MedianSeconds)}, p99 {Format(P99Seconds)}";
}

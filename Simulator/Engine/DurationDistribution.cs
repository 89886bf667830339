using System.Globalization;
using MathNet.Numerics.Distributions;

namespace ReplicaSim.Engine;

/// <summary>A distribution of durations, as written in scenario files.</summary>
/// <remarks>Samples are drawn in seconds and rounded to whole microseconds; negative draws cannot occur.</remarks>
public abstract class DurationDistribution
{
    public abstract Duration Sample(System.Random random);

    /// <summary>The theoretical mean, in seconds.</summary>
    public abstract double MeanSeconds { get; }

    /// <summary>The theoretical quantile at probability <paramref name="p"/>, in seconds.</summary>
    public abstract double QuantileSeconds(double p);

    /// <summary>True when sampling draws nothing from the stream (constants).</summary>
    public virtual bool IsConstant => false;

    protected static Duration FromSeconds(double seconds) => new((long)Math.Round(seconds * Duration.MicrosecondsPerSecond));

    protected static string Format(double seconds) => Duration.FromSeconds(seconds).ToString();

    public static DurationDistribution Constant(Duration value) => new ConstantDistribution(value);
}

/// <summary>Always the same value.</summary>
public sealed class ConstantDistribution(Duration value) : DurationDistribution
{
    public Duration Value { get; } = value;

    public override Duration Sample(System.Random random) => Value;

    public override double MeanSeconds => Value.TotalSeconds;

    public override double QuantileSeconds(double p) => Value.TotalSeconds;

    public override bool IsConstant => true;

    public override string ToString() => "constant " + Value;
}

/// <summary>Exponential with the given mean (memoryless: Poisson inter-arrival and M/M/c service times).</summary>
public sealed class ExponentialDistribution(double meanSeconds) : DurationDistribution
{
    public override double MeanSeconds { get; } = meanSeconds;

    public override Duration Sample(System.Random random) =>
        FromSeconds(-Math.Log(1.0 - random.NextDouble()) * MeanSeconds);

    public override double QuantileSeconds(double p) => -Math.Log(1.0 - p) * MeanSeconds;

    public override string ToString() => "exponential, mean " + Format(MeanSeconds);
}

/// <summary>Uniform between min and max.</summary>
public sealed class UniformDistribution(double minSeconds, double maxSeconds) : DurationDistribution
{
    public double MinSeconds { get; } = minSeconds;

    public double MaxSeconds { get; } = maxSeconds;

    public override Duration Sample(System.Random random) =>
        FromSeconds(MinSeconds + (random.NextDouble() * (MaxSeconds - MinSeconds)));

    public override double MeanSeconds => (MinSeconds + MaxSeconds) / 2;

    public override double QuantileSeconds(double p) => MinSeconds + (p * (MaxSeconds - MinSeconds));

    public override string ToString() => $"uniform {Format(MinSeconds)}..{Format(MaxSeconds)}";
}

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

    public override Duration Sample(System.Random random) => FromSeconds(LogNormal.Sample(random, Mu, Sigma));

    public override double MeanSeconds => Math.Exp(Mu + (Sigma * Sigma / 2));

    public override double QuantileSeconds(double p) => LogNormal.InvCDF(Mu, Sigma, p);

    public override string ToString() => $"lognormal, median {Format(MedianSeconds)}, p99 {Format(P99Seconds)}";
}

/// <summary>Weibull with shape k and scale lambda (shape &lt; 1: infant mortality; &gt; 1: wear-out).</summary>
public sealed class WeibullDistribution(double shape, double scaleSeconds) : DurationDistribution
{
    public double Shape { get; } = shape;

    public double ScaleSeconds { get; } = scaleSeconds;

    public override Duration Sample(System.Random random) => FromSeconds(Weibull.Sample(random, Shape, ScaleSeconds));

    public override double MeanSeconds => ScaleSeconds * MathNet.Numerics.SpecialFunctions.Gamma(1 + (1 / Shape));

    public override double QuantileSeconds(double p) => ScaleSeconds * Math.Pow(-Math.Log(1 - p), 1 / Shape);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"weibull, shape {Shape}, scale {Format(ScaleSeconds)}");
}

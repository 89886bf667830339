using System.Globalization;
using MathNet.Numerics.Distributions;

namespace ReplicaSim.Engine;

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

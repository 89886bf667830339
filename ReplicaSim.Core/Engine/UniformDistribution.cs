namespace ReplicaSim.Engine;

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

namespace ReplicaSim.Engine;

/// <summary>Exponential with the given mean (memoryless: Poisson inter-arrival and M/M/c service times).</summary>
public sealed class ExponentialDistribution(double meanSeconds) : DurationDistribution
{
    public override double MeanSeconds { get; } = meanSeconds;

    public override Duration Sample(System.Random random) =>
        FromSeconds(-Math.Log(1.0 - random.NextDouble()) * MeanSeconds);

    public override double QuantileSeconds(double p) => -Math.Log(1.0 - p) * MeanSeconds;

    public override string ToString() => "exponential, mean " + Format(MeanSeconds);
}

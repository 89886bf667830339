namespace ReplicaSim.Engine;

/// <summary>Always the same value.</summary>
public sealed class ConstantDistribution(Duration value) : DurationDistribution
{
    public Duration Value { get; } = value;

    public override Duration Sample(System.Random random) => Value;

    public override double MeanSeconds => Value.TotalSeconds;

    public override double QuantileSeconds(double p) => Value.TotalSeconds;

    public override string ToString() => "constant " + Value;
}

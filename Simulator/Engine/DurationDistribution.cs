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

    protected static Duration FromSeconds(double seconds) => new((long)Math.Round(seconds * Duration.MicrosecondsPerSecond));

    protected static string Format(double seconds) => Duration.FromSeconds(seconds).ToString();

    public static DurationDistribution Constant(Duration value) => new ConstantDistribution(value);
}

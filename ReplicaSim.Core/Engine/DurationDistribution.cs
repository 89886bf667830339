namespace ReplicaSim.Engine;

/// <summary>A distribution of durations, as written in scenario files.</summary>
/// <remarks>
/// Samples are drawn in seconds and rounded to whole microseconds; negative draws cannot occur, and a draw
/// saturates at <see cref="MaxSample"/> (365 days), so that no draw can carry the microsecond clock past its range.
/// The scenario loader refuses a distribution whose 99.9th percentile is beyond it, so saturation is rare.
/// </remarks>
public abstract class DurationDistribution
{
    /// <summary>The longest duration any draw returns: 365 days.</summary>
    public static readonly Duration MaxSample = new(365L * 86_400 * Duration.MicrosecondsPerSecond);

    private static readonly double MaxSampleSeconds = MaxSample.TotalSeconds;

    public abstract Duration Sample(System.Random random);

    /// <summary>The theoretical mean, in seconds.</summary>
    public abstract double MeanSeconds { get; }

    /// <summary>The theoretical quantile at probability <paramref name="p"/>, in seconds.</summary>
    public abstract double QuantileSeconds(double p);

    /// <summary>Seconds to a duration, saturating at <see cref="MaxSample"/> (also for infinity and NaN).</summary>
    protected static Duration FromSeconds(double seconds) =>
        seconds < MaxSampleSeconds ? new((long)Math.Round(seconds * Duration.MicrosecondsPerSecond)) : MaxSample;

    protected static string Format(double seconds) => Duration.FromSeconds(seconds).ToString();

    public static DurationDistribution Constant(Duration value) => new ConstantDistribution(value);
}

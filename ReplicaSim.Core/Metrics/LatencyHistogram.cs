namespace ReplicaSim.Metrics;

/// <summary>
/// Latencies in bounded memory: logarithmic bins of a fixed relative width, so any quantile is known to
/// within half a bin (0.5 % at the default precision) whatever the number of samples. The mean is exact.
/// </summary>
public sealed class LatencyHistogram
{
    private readonly double _logGrowth;
    private readonly double _perLogGrowth;
    private readonly long[] _counts;

    public LatencyHistogram(double relativePrecision = 0.01, double maxMicroseconds = 1e12)
    {
        _logGrowth = Math.Log(1 + relativePrecision);
        _perLogGrowth = 1 / _logGrowth;
        _counts = new long[(int)(Math.Log(maxMicroseconds) / _logGrowth) + 3];
    }

    public long Count { get; private set; }

    public double SumMicroseconds { get; private set; }

    public long MaxMicroseconds { get; private set; }

    public double MeanMicroseconds => Count == 0 ? 0 : SumMicroseconds / Count;

    public void Add(long microseconds) => Add(microseconds, microseconds < 1 ? 0 : Math.Log(microseconds));

    /// <summary>Adds a sample whose natural logarithm the caller already has (one logarithm for several histograms).</summary>
    public void Add(long microseconds, double logMicroseconds)
    {
        var us = Math.Max(0, microseconds);
        var index = us < 1 ? 0 : Math.Min(_counts.Length - 1, BinOf(logMicroseconds) + 1);
        _counts[index]++;
        Count++;
        SumMicroseconds += us;
        if (us > MaxMicroseconds)
        {
            MaxMicroseconds = us;
        }
    }

    /// <summary>
    /// (int)(log / logGrowth), by a multiplication: it differs from the division's quotient by a few units in the
    /// last place, which moves the bin only when the quotient is within that of a whole number; there, the division.
    /// </summary>
    internal int BinOf(double logMicroseconds)
    {
        var q = logMicroseconds * _perLogGrowth;
        var bin = (int)q;
        var fraction = q - bin;
        return fraction is > 1e-9 and < 1 - 1e-9 ? bin : (int)(logMicroseconds / _logGrowth);
    }

    /// <summary>Adds every sample of <paramref name="other"/>, which must have the same precision.</summary>
    public void AddFrom(LatencyHistogram other)
    {
        if (other._counts.Length != _counts.Length)
        {
            throw new ArgumentException("histograms of different precision", nameof(other));
        }
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }
        Count += other.Count;
        SumMicroseconds += other.SumMicroseconds;
        MaxMicroseconds = Math.Max(MaxMicroseconds, other.MaxMicroseconds);
    }

    /// <summary>The nearest-rank quantile, as the geometric middle of its bin, in microseconds; 0 when empty.</summary>
    public double Quantile(double p)
    {
        if (Count == 0)
        {
            return 0;
        }
        var rank = Math.Max(1, (long)Math.Ceiling(p * Count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return i == 0 ? 0 : Math.Min(MaxMicroseconds, Math.Exp((i - 0.5) * _logGrowth));
            }
        }
        return MaxMicroseconds;
    }
}

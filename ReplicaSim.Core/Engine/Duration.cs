using System.Globalization;

namespace ReplicaSim.Engine;

/// <summary>A span of simulated time, an integral count of microseconds.</summary>
public readonly record struct Duration(long Microseconds) : IComparable<Duration>
{
    public const long MicrosecondsPerMillisecond = 1_000;
    public const long MicrosecondsPerSecond = 1_000_000;

    public static readonly Duration Zero = new(0);

    public static Duration FromSeconds(double seconds) => new((long)Math.Round(seconds * MicrosecondsPerSecond));

    public static Duration FromMilliseconds(double milliseconds) => new((long)Math.Round(milliseconds * MicrosecondsPerMillisecond));

    public double TotalSeconds => Microseconds / (double)MicrosecondsPerSecond;

    public static Duration operator +(Duration a, Duration b) => new(a.Microseconds + b.Microseconds);

    public static Duration operator -(Duration a, Duration b) => new(a.Microseconds - b.Microseconds);

    public static Duration operator *(Duration a, long factor) => new(a.Microseconds * factor);

    public static bool operator <(Duration a, Duration b) => a.Microseconds < b.Microseconds;

    public static bool operator >(Duration a, Duration b) => a.Microseconds > b.Microseconds;

    public static bool operator <=(Duration a, Duration b) => a.Microseconds <= b.Microseconds;

    public static bool operator >=(Duration a, Duration b) => a.Microseconds >= b.Microseconds;

    public int CompareTo(Duration other) => Microseconds.CompareTo(other.Microseconds);

    /// <summary>A rounded form for people: "850 ms", "42.5 s", "1 min 54 s", "2 h 05 min", and from two days "12.3 days".</summary>
    public string ToReadable()
    {
        var seconds = TotalSeconds;
        if (seconds < 1)
        {
            return Math.Round(seconds * 1000).ToString(CultureInfo.InvariantCulture) + " ms";
        }
        if (seconds < 60)
        {
            return Math.Round(seconds, 1).ToString("0.#", CultureInfo.InvariantCulture) + " s";
        }
        var total = (long)Math.Round(seconds);
        return total < 3600
            ? string.Create(CultureInfo.InvariantCulture, $"{total / 60} min {total % 60:00} s")
            : total < 2 * 86_400
                ? string.Create(CultureInfo.InvariantCulture, $"{total / 3600} h {total % 3600 / 60:00} min")
                : (seconds / 86_400).ToString("0.#", CultureInfo.InvariantCulture) + " days"; // a week: "7 days", not "168 h 00 min"
    }

    /// <summary>The shortest exact form in the scenario syntax: "250ms", "30s", "5m", "1500us".</summary>
    public override string ToString()
    {
        var us = Microseconds;
        if (us == 0)
        {
            return "0s";
        }
        (long Size, string Unit)[] units = [(86_400_000_000, "d"), (3_600_000_000, "h"), (60_000_000, "m"), (1_000_000, "s"), (1_000, "ms")];
        foreach (var (size, unit) in units)
        {
            if (us % size == 0)
            {
                return (us / size).ToString(CultureInfo.InvariantCulture) + unit;
            }
        }
        return us.ToString(CultureInfo.InvariantCulture) + "us";
    }
}

using System.Globalization;

namespace ReplicaSim.Engine;

/// <summary>A point in simulated time: microseconds since the start of the run.</summary>
public readonly record struct Instant(long Microseconds) : IComparable<Instant>
{
    public static readonly Instant Start = new(0);

    public static readonly Instant Never = new(long.MaxValue);

    public double Seconds => Microseconds / (double)Duration.MicrosecondsPerSecond;

    public static Instant operator +(Instant t, Duration d) => new(t.Microseconds + d.Microseconds);

    public static Instant operator -(Instant t, Duration d) => new(t.Microseconds - d.Microseconds);

    public static Duration operator -(Instant a, Instant b) => new(a.Microseconds - b.Microseconds);

    public static bool operator <(Instant a, Instant b) => a.Microseconds < b.Microseconds;

    public static bool operator >(Instant a, Instant b) => a.Microseconds > b.Microseconds;

    public static bool operator <=(Instant a, Instant b) => a.Microseconds <= b.Microseconds;

    public static bool operator >=(Instant a, Instant b) => a.Microseconds >= b.Microseconds;

    public int CompareTo(Instant other) => Microseconds.CompareTo(other.Microseconds);

    /// <summary>Clock form used in narration and reports: "00:01:02.345" (days as "1d 00:00:00.000").</summary>
    public override string ToString()
    {
        var totalMs = Microseconds / 1000;
        var days = totalMs / 86_400_000;
        var h = totalMs / 3_600_000 % 24;
        var m = totalMs / 60_000 % 60;
        var s = totalMs / 1000 % 60;
        var ms = totalMs % 1000;
        var clock = string.Format(CultureInfo.InvariantCulture, "{0:00}:{1:00}:{2:00}.{3:000}", h, m, s, ms);
        return days > 0 ? days.ToString(CultureInfo.InvariantCulture) + "d " + clock : clock;
    }
}

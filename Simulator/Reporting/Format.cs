using System.Globalization;
using ReplicaSim.Engine;

namespace ReplicaSim.Reporting;

/// <summary>Invariant-culture number formatting for every output.</summary>
public static class Format
{
    public static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Exact seconds from microseconds: "12.000345".</summary>
    public static string Seconds(Instant t) => Seconds(t.Microseconds);

    public static string Seconds(long us)
    {
        var sign = us < 0 ? "-" : "";
        us = Math.Abs(us);
        return sign + (us / 1_000_000).ToString(Invariant) + "." + (us % 1_000_000).ToString("D6", Invariant);
    }

    public static double Round(double value, int digits) => double.IsFinite(value) ? Math.Round(value, digits, MidpointRounding.AwayFromZero) : 0;

    public static string Number(double value, int digits) => Round(value, digits).ToString("0." + new string('#', Math.Max(1, digits)), Invariant);

    public static string Integer(long value) => value.ToString("N0", Invariant);

    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", Invariant) + " %";

    /// <summary>A readable length of time: "45 s", "1 min 30 s", "1 h 02 min".</summary>
    public static string Span(double seconds) => Duration.FromSeconds(seconds).ToReadable();

    public static string Usd(double value) => "$" + value.ToString("0", Invariant);
}

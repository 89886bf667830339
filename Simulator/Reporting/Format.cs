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

    /// <summary>
    /// "56.8 %": one decimal, and more where one would round a share short of the whole up to "100.0 %": the digits up
    /// to the first that is not a 9, and one more (99.978 % reads "99.978 %", 99.99962 % "99.9996 %"), so that a year's
    /// availabilities can be told apart by their nines. The extra digits are cut, not rounded: never a nine more than
    /// was measured.
    /// </summary>
    public static string Percent(double fraction)
    {
        var p = fraction * 100;
        if (p >= 100 || Math.Round(p, 1, MidpointRounding.AwayFromZero) < 100)
        {
            return p.ToString("0.0", Invariant) + " %";
        }
        var first = 1;
        while (first < 5 && Math.Floor(p * Math.Pow(10, first)) == (100 * Math.Pow(10, first)) - 1)
        {
            first++;
        }
        var digits = first + 1;
        var scale = Math.Pow(10, digits);
        return (Math.Floor(p * scale) / scale).ToString("0." + new string('0', digits), Invariant) + " %";
    }

    /// <summary>A readable length of time: "45 s", "1 min 30 s", "1 h 02 min".</summary>
    public static string Span(double seconds) => Duration.FromSeconds(seconds).ToReadable();

    public static string Usd(double value) => "$" + value.ToString("0", Invariant);
}

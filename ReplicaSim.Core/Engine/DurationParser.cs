using System.Globalization;

namespace ReplicaSim.Engine;

/// <summary>Parses the scenario syntax for durations: a non-negative number and a unit.</summary>
/// <remarks>Units: <c>us</c>, <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>, <c>d</c>. The result is rounded to whole microseconds.</remarks>
public static class DurationParser
{
    private static readonly (string Unit, long Microseconds)[] Units =
    [
        ("us", 1), ("ms", 1_000), ("s", 1_000_000), ("m", 60_000_000), ("h", 3_600_000_000), ("d", 86_400_000_000),
    ];

    public const string Help = "a number and a unit (us, ms, s, m, h, d), e.g. \"250ms\", \"30s\", \"5m\"";

    public static bool TryParse(string? text, out Duration duration, out string error)
    {
        duration = Duration.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty; expected " + Help;
            return false;
        }
        var s = text.Trim();
        var split = s.Length;
        while (split > 0 && char.IsAsciiLetter(s[split - 1]))
        {
            split--;
        }
        var number = s[..split].TrimEnd();
        var unit = s[split..];
        if (unit.Length == 0)
        {
            error = $"\"{text}\" has no unit; expected " + Help;
            return false;
        }
        long? scale = null;
        foreach (var (name, us) in Units)
        {
            if (string.Equals(name, unit, StringComparison.Ordinal))
            {
                scale = us;
            }
        }
        if (scale is null)
        {
            error = $"\"{text}\" has an unknown unit \"{unit}\"; expected " + Help;
            return false;
        }
        // Digits, optionally a point and more digits: the pattern of scenario.schema.json (".5m" and "5.m" are refused by both).
        if (!IsDecimal(number)
            || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || double.IsNaN(value) || double.IsInfinity(value))
        {
            error = $"\"{text}\" is not a duration; expected " + Help;
            return false;
        }
        var micro = value * scale.Value;
        if (micro > long.MaxValue / 4)
        {
            error = $"\"{text}\" is too long";
            return false;
        }
        duration = new Duration((long)Math.Round(micro));
        error = "";
        return true;
    }

    private static bool IsDecimal(string s)
    {
        var point = s.IndexOf('.', StringComparison.Ordinal);
        var whole = point < 0 ? s : s[..point];
        var fraction = point < 0 ? "0" : s[(point + 1)..];
        return whole.Length > 0 && fraction.Length > 0 && whole.All(char.IsAsciiDigit) && fraction.All(char.IsAsciiDigit);
    }

    public static Duration Parse(string text) =>
        TryParse(text, out var d, out var error) ? d : throw new FormatException("duration " + error);
}

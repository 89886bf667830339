using ReplicaSim.Engine;
using ReplicaSim.Reporting;

namespace ReplicaSim.Tests.Reporting;

/// <summary>Numbers and spans as people read them in the reports.</summary>
public sealed class FormatTests
{
    [TestCase(0.568, "56.8 %")]
    [TestCase(0.0, "0.0 %")]
    [TestCase(1.0, "100.0 %")]
    [TestCase(0.9994, "99.9 %")]
    [TestCase(0.99955, "99.955 %")] // one decimal would round it up to "100.0 %"
    [TestCase(0.999808, "99.980 %")] // the first digit that is not a 9, and one more
    [TestCase(0.99978, "99.978 %")]
    [TestCase(0.9999, "99.9900 %")] // cut, not rounded: never a nine more than was measured
    [TestCase(0.9999962, "99.99962 %")]
    [TestCase(0.99999999999, "99.999999 %")] // at most six decimals
    public void Percent_NeverShowsAShareShortOfTheWholeAsAHundred(double fraction, string expected) =>
        Assert.That(Format.Percent(fraction), Is.EqualTo(expected));

    [TestCase(0.25, "250 ms")]
    [TestCase(42.5, "42.5 s")]
    [TestCase(114, "1 min 54 s")]
    [TestCase(7500, "2 h 05 min")]
    [TestCase(47 * 3600, "47 h 00 min")]
    [TestCase(7 * 86400, "7 days")]
    [TestCase(366 * 86400, "366 days")]
    [TestCase(2.5 * 86400, "2.5 days")]
    public void Span_ReadsInTheUnitsOfItsLength(double seconds, string expected) =>
        Assert.That(Format.Span(seconds), Is.EqualTo(expected));
}

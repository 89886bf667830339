using ReplicaSim.Engine;

namespace ReplicaSim.Tests.Engine;

public sealed class DurationParserTests
{
    [TestCase("250ms", 250_000L)]
    [TestCase("30s", 30_000_000L)]
    [TestCase("5m", 300_000_000L)]
    [TestCase("2h", 7_200_000_000L)]
    [TestCase("1d", 86_400_000_000L)]
    [TestCase("1.5s", 1_500_000L)]
    [TestCase("0ms", 0L)]
    [TestCase("100us", 100L)]
    [TestCase(" 2 s ", 2_000_000L)]
    public void TryParse_ValidText_GivesMicroseconds(string text, long expected)
    {
        Assert.That(DurationParser.TryParse(text, out var d, out var error), Is.True, error);
        Assert.That(d.Microseconds, Is.EqualTo(expected));
    }

    [TestCase("", "empty")]
    [TestCase("30", "no unit")]
    [TestCase("5 minutes", "unknown unit")]
    [TestCase("5M", "unknown unit")]
    [TestCase("-3s", "not a duration")]
    [TestCase("abc s", "not a duration")]
    [TestCase("99999999999999d", "too long")]
    public void TryParse_InvalidText_ExplainsWhy(string text, string reason)
    {
        Assert.That(DurationParser.TryParse(text, out _, out var error), Is.False);
        Assert.That(error, Does.Contain(reason));
    }

    [TestCase(250_000L, "250ms")]
    [TestCase(300_000_000L, "5m")]
    [TestCase(1_500_000L, "1500ms")]
    [TestCase(7L, "7us")]
    public void ToString_RoundTripsThroughTheParser(long us, string text)
    {
        Assert.That(new Duration(us).ToString(), Is.EqualTo(text));
        Assert.That(DurationParser.Parse(text).Microseconds, Is.EqualTo(us));
    }

    [Test]
    public void Instant_ToString_IsAClock()
    {
        Assert.That(new Instant(3_723_456_000).ToString(), Is.EqualTo("01:02:03.456"));
    }
}

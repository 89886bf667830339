using ReplicaSim.Engine;
using ReplicaSim.Metrics;

namespace ReplicaSim.Tests.Metrics;

/// <summary>The shortcuts of the per-request bookkeeping give exactly what the plain arithmetic gives.</summary>
public sealed class BinningTests
{
    [TestCase(0.01)]
    [TestCase(0.02)]
    [TestCase(0.005)]
    public void LatencyBin_ByMultiplication_IsTheDivisionsBin(double precision)
    {
        var h = new LatencyHistogram(precision);
        var growth = Math.Log(1 + precision);
        for (long us = 1; us <= 3_000_000; us++)
        {
            var log = Math.Log(us);
            Assert.That(h.BinOf(log), Is.EqualTo((int)(log / growth)), $"{us} us");
        }
        // Around every bin's edge, where a quotient is nearest a whole number.
        for (var k = 1; k < 3000; k++)
        {
            var edge = k * growth;
            foreach (var log in new[] { edge, Math.BitDecrement(edge), Math.BitIncrement(edge), Math.BitDecrement(Math.BitDecrement(edge)) })
            {
                Assert.That(h.BinOf(log), Is.EqualTo((int)(log / growth)), $"bin {k}");
            }
        }
    }

    [Test]
    public void BucketOf_RemembersTheLastBucket_AndAnswersAsTheDivisionDoes()
    {
        var timeline = new Timeline(Duration.FromSeconds(600), Duration.FromSeconds(7));
        var rng = new RandomStream(5);
        var t = 0L;
        for (var i = 0; i < 200_000; i++)
        {
            // Mostly nearby times, now and then a jump anywhere, before the start or past the end.
            t = rng.Next(20) == 0 ? rng.Next(-10_000_000, 700_000_000) : Math.Max(-5, t + rng.Next(-3_000_000, 3_000_000));
            var expected = (int)Math.Clamp(t / 7_000_000, 0, timeline.Count - 1);
            Assert.That(timeline.BucketOf(new Instant(t)), Is.EqualTo(expected), $"{t} us");
        }
    }
}

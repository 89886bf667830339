using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using ReplicaSim.Engine;

namespace ReplicaSim.Tests.Engine;

/// <summary>
/// <see cref="RandomStream"/> is MathNet's xoshiro256** draw for draw: every scenario's numbers were made with
/// MathNet's generator, and must not move because the stream is now our own.
/// </summary>
public sealed class RandomStreamTests
{
    private static IEnumerable<int> Seeds() => [0, 1, -1, 42, int.MaxValue, int.MinValue, RandomStreams.DeriveSeed(14, "service/container-7")];

    [TestCaseSource(nameof(Seeds))]
    public void EveryKindOfDraw_IsMathNetsXoshiro256StarStar(int seed)
    {
        var ours = new RandomStream(seed);
        var theirs = new Xoshiro256StarStar(seed, threadSafe: false);
        for (var i = 0; i < 20_000; i++)
        {
            switch (i % 6)
            {
                case 0:
                    Assert.That(ours.NextDouble(), Is.EqualTo(theirs.NextDouble()), $"NextDouble, draw {i}");
                    break;
                case 1:
                    Assert.That(ours.Next(10_000), Is.EqualTo(theirs.Next(10_000)), $"Next(n), draw {i}");
                    break;
                case 2:
                    Assert.That(ours.Next(), Is.EqualTo(theirs.Next()), $"Next(), draw {i}");
                    break;
                case 3:
                    Assert.That(ours.Next(-50, 70), Is.EqualTo(theirs.Next(-50, 70)), $"Next(a, b), draw {i}");
                    break;
                case 4:
                    Assert.That(ours.NextInt64(1L << 40), Is.EqualTo(theirs.NextInt64(1L << 40)), $"NextInt64(n), draw {i}");
                    break;
                default:
                    byte[] a = new byte[7], b = new byte[7];
                    ours.NextBytes(a);
                    theirs.NextBytes(b);
                    Assert.That(a, Is.EqualTo(b), $"NextBytes, draw {i}");
                    break;
            }
        }
    }

    [TestCaseSource(nameof(Seeds))]
    public void DistributionsOfMathNet_DrawTheSameFromEither(int seed)
    {
        var ours = new RandomStream(seed);
        var theirs = new Xoshiro256StarStar(seed, threadSafe: false);
        for (var i = 0; i < 5_000; i++)
        {
            Assert.That(Weibull.Sample(ours, 1.5, 2.0), Is.EqualTo(Weibull.Sample(theirs, 1.5, 2.0)));
            Assert.That(Normal.Sample(ours, 0, 1), Is.EqualTo(Normal.Sample(theirs, 0, 1)));
            Assert.That(Gamma.Sample(ours, 2.5, 1.0), Is.EqualTo(Gamma.Sample(theirs, 2.5, 1.0)));
        }
    }

    [TestCaseSource(nameof(Seeds))]
    public void LogNormalDraw_IsMathNetsLogNormalSample(int seed)
    {
        // The service time's draw is written out (MathNet allocates a pair per draw); it must give MathNet's numbers.
        var d = new LogNormalDistribution(0.020, 0.200);
        var ours = new RandomStream(seed);
        var theirs = new Xoshiro256StarStar(seed, threadSafe: false);
        for (var i = 0; i < 50_000; i++)
        {
            var expected = new Duration((long)Math.Round(LogNormal.Sample(theirs, d.Mu, d.Sigma) * Duration.MicrosecondsPerSecond));
            Assert.That(d.Sample(ours), Is.EqualTo(expected), $"draw {i}");
        }
        Assert.That(ours.NextDouble(), Is.EqualTo(theirs.NextDouble()), "the streams drew as many numbers");
    }
}

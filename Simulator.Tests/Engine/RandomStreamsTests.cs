using ReplicaSim.Engine;

namespace ReplicaSim.Tests.Engine;

public sealed class RandomStreamsTests
{
    private static double[] Draw(System.Random r, int n) => [.. Enumerable.Range(0, n).Select(_ => r.NextDouble())];

    [Test]
    public void Stream_SameSeedAndPurpose_GivesSameDraws()
    {
        var a = Draw(new RandomStreams(42).Stream("arrivals"), 100);
        var b = Draw(new RandomStreams(42).Stream("arrivals"), 100);
        Assert.That(a, Is.EqualTo(b));
    }

    [Test]
    public void Stream_OtherSeedOrPurpose_GivesOtherDraws()
    {
        var a = Draw(new RandomStreams(42).Stream("arrivals"), 10);
        Assert.That(Draw(new RandomStreams(43).Stream("arrivals"), 10), Is.Not.EqualTo(a));
        Assert.That(Draw(new RandomStreams(42).Stream("faults"), 10), Is.Not.EqualTo(a));
    }

    [Test]
    public void Stream_DrawingMoreFromOneStream_ChangesNoOtherStream()
    {
        var quiet = new RandomStreams(9);
        var q1 = quiet.Stream("service/container-1");
        var q2 = quiet.Stream("service/container-2");
        var expected = Draw(q2, 50);
        _ = q1;

        var busy = new RandomStreams(9);
        var b1 = busy.Stream("service/container-1");
        Draw(b1, 10_000);
        var b2 = busy.Stream("service/container-2");
        Assert.That(Draw(b2, 50), Is.EqualTo(expected));
    }

    [Test]
    public void Stream_OrderOfCreation_DoesNotMatter()
    {
        var s1 = new RandomStreams(5);
        var x = Draw(s1.Stream("x"), 20);
        var s2 = new RandomStreams(5);
        _ = s2.Stream("y");
        _ = s2.Stream("z");
        Assert.That(Draw(s2.Stream("x"), 20), Is.EqualTo(x));
    }

    [Test]
    public void DeriveSeed_ManyPurposes_AreDistinct()
    {
        var seeds = Enumerable.Range(0, 10_000).Select(i => RandomStreams.DeriveSeed(1, "service/container-" + i)).ToHashSet();
        Assert.That(seeds, Has.Count.EqualTo(10_000));
    }
}

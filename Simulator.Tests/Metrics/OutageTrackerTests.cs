using ReplicaSim.Engine;
using ReplicaSim.Metrics;
using ReplicaSim.Model;

namespace ReplicaSim.Tests.Metrics;

public sealed class OutageTrackerTests
{
    private static OutageTracker Tracker() => new(Duration.FromSeconds(5), _ => "");

    private static long S(double seconds) => Duration.FromSeconds(seconds).Microseconds;

    [Test]
    public void Add_OutOfOrder_FindsTheRunOfErrorsInArrivalOrder()
    {
        var t = Tracker();
        // ids 0..9 arrive every second; 3..6 fail; they finish in reverse order.
        for (var id = 9; id >= 0; id--)
        {
            t.Add(id, S(id), id is >= 3 and <= 6, ErrorReason.DatabaseDown);
        }
        t.Finish(new Instant(S(20)));
        Assert.That(t.Downtime, Has.Count.EqualTo(1));
        Assert.That(t.Downtime[0].Start.Microseconds, Is.EqualTo(S(3)));
        Assert.That(t.Downtime[0].End.Microseconds, Is.EqualTo(S(7)));
        Assert.That(t.Downtime[0].Errors, Is.EqualTo(4));
    }

    [Test]
    public void Finish_ARequestThatNeverFinished_DoesNotHideWhatCameAfterIt()
    {
        var t = Tracker();
        // id 0 is still in flight at the end; 1..4 succeed, 5..10 fail, 11 succeeds.
        for (var id = 1; id <= 11; id++)
        {
            t.Add(id, S(id), id is >= 5 and <= 10, ErrorReason.DatabaseDown);
        }
        t.Finish(new Instant(S(30)));
        Assert.That(t.Downtime, Has.Count.EqualTo(1));
        Assert.That(t.Downtime[0].Start.Microseconds, Is.EqualTo(S(5)));
        Assert.That(t.Downtime[0].End.Microseconds, Is.EqualTo(S(11)));
    }

    [Test]
    public void CloseRun_TheCauseIsAskedForTheReasonMostErrorsShare_NotTheFirstErrors()
    {
        var asked = new List<ErrorReason>();
        var t = new OutageTracker(Duration.FromSeconds(5), _ => "", (_, reason) =>
        {
            asked.Add(reason);
            return "";
        });
        // Two requests fail on a container that died, then eight on a database that is down.
        for (var id = 0; id < 12; id++)
        {
            t.Add(id, S(id), id is >= 1 and <= 10, id <= 2 ? ErrorReason.ContainerDown : ErrorReason.DatabaseDown);
        }
        t.Finish(new Instant(S(30)));
        Assert.That(t.Downtime, Has.Count.EqualTo(1));
        Assert.That(asked, Is.Not.Empty.And.All.EqualTo(ErrorReason.DatabaseDown));
        Assert.That(t.Downtime[0].Cause, Does.Contain(Names.Describe(ErrorReason.DatabaseDown)));
    }

    [Test]
    public void Add_ALoneError_IsNotDowntimeButDegraded()
    {
        var t = Tracker();
        for (var id = 0; id < 10; id++)
        {
            t.Add(id, S(id), id == 4, ErrorReason.DatabaseLocked);
        }
        t.Finish(new Instant(S(20)));
        Assert.That(t.Downtime, Is.Empty);
        Assert.That(t.Degraded, Has.Count.EqualTo(1));
        Assert.That(t.Degraded[0].Start.Microseconds, Is.EqualTo(S(4)));
        Assert.That(t.Degraded[0].End.Microseconds, Is.EqualTo(S(5)));
    }

    [Test]
    public void Add_ManyInFlight_GrowsTheBufferWithoutLosingOrder()
    {
        var t = Tracker();
        const int n = 10_000;
        for (var id = n - 1; id >= 1; id--)
        {
            t.Add(id, S(id * 0.01), id is >= 2000 and < 3000, ErrorReason.DatabaseDown);
        }
        t.Add(0, 0, false, ErrorReason.None);
        t.Finish(new Instant(S(200)));
        Assert.That(t.Downtime.Single().Errors, Is.EqualTo(1000));
        Assert.That(t.Downtime.Single().Seconds, Is.EqualTo(10).Within(1e-9));
    }
}

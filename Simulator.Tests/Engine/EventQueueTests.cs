using ReplicaSim.Engine;

namespace ReplicaSim.Tests.Engine;

public sealed class EventQueueTests
{
    private sealed class Recorder(Simulation sim) : EventTarget
    {
        public List<(long Time, int Kind, long Arg)> Seen { get; } = [];

        public override void OnEvent(int kind, long arg) => Seen.Add((sim.Now.Microseconds, kind, arg));
    }

    [Test]
    public void Pop_EventsAtSameInstant_ComeOutInSchedulingOrder()
    {
        var sim = new Simulation();
        var r = new Recorder(sim);
        for (var i = 0; i < 1000; i++)
        {
            sim.ScheduleAt(new Instant(5), r, 0, i);
        }
        sim.RunToCompletion();
        Assert.That(r.Seen.Select(s => s.Arg), Is.EqualTo(Enumerable.Range(0, 1000).Select(i => (long)i)));
    }

    [Test]
    public void Run_RandomSchedule_TimeNeverGoesBackwardsAndTiesAreFifo()
    {
        var sim = new Simulation();
        var r = new Recorder(sim);
        var rng = new MathNet.Numerics.Random.Xoshiro256StarStar(7, false);
        for (var i = 0; i < 20_000; i++)
        {
            sim.ScheduleAt(new Instant(rng.Next(0, 500)), r, 0, i);
        }
        sim.RunToCompletion();
        Assert.That(r.Seen, Has.Count.EqualTo(20_000));
        for (var i = 1; i < r.Seen.Count; i++)
        {
            Assert.That(r.Seen[i].Time, Is.GreaterThanOrEqualTo(r.Seen[i - 1].Time));
            if (r.Seen[i].Time == r.Seen[i - 1].Time)
            {
                Assert.That(r.Seen[i].Arg, Is.GreaterThan(r.Seen[i - 1].Arg), "equal-time events must keep scheduling order");
            }
        }
    }

    [Test]
    public void Cancel_PendingEvents_NeverRun()
    {
        var sim = new Simulation();
        var r = new Recorder(sim);
        var rng = new MathNet.Numerics.Random.Xoshiro256StarStar(3, false);
        var handles = new List<(EventHandle Handle, long Arg)>();
        for (var i = 0; i < 5000; i++)
        {
            handles.Add((sim.ScheduleAt(new Instant(rng.Next(0, 1000)), r, 0, i), i));
        }
        var cancelled = new HashSet<long>();
        foreach (var (handle, arg) in handles.Where((_, i) => i % 3 == 0))
        {
            Assert.That(sim.Cancel(handle), Is.True);
            cancelled.Add(arg);
        }
        sim.RunToCompletion();
        Assert.That(r.Seen.Select(s => s.Arg).Intersect(cancelled), Is.Empty);
        Assert.That(r.Seen, Has.Count.EqualTo(5000 - cancelled.Count));
        var times = r.Seen.Select(s => s.Time).ToList();
        Assert.That(times, Is.Ordered);
    }

    [Test]
    public void Cancel_AfterTheEventRan_ReturnsFalseAndCancelsNothingElse()
    {
        var sim = new Simulation();
        var r = new Recorder(sim);
        var first = sim.Schedule(new Duration(1), r, 0, 1);
        sim.RunUntil(new Instant(1));
        // The slot of the first event is reused by the next one; the stale handle must not touch it.
        sim.Schedule(new Duration(1), r, 0, 2);
        Assert.That(sim.Cancel(first), Is.False);
        sim.RunToCompletion();
        Assert.That(r.Seen.Select(s => s.Arg), Is.EqualTo(new long[] { 1, 2 }));
    }

    [Test]
    public void Schedule_InThePast_IsRefused()
    {
        var sim = new Simulation();
        var r = new Recorder(sim);
        sim.RunUntil(new Instant(100));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.ScheduleAt(new Instant(99), r, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Schedule(new Duration(-1), r, 0, 0));
    }

    [Test]
    public void RunUntil_LeavesLaterEventsPendingAndClockAtEnd()
    {
        var sim = new Simulation();
        var r = new Recorder(sim);
        sim.ScheduleAt(new Instant(10), r, 0, 0);
        sim.ScheduleAt(new Instant(30), r, 0, 1);
        sim.RunUntil(new Instant(20));
        Assert.Multiple(() =>
        {
            Assert.That(r.Seen, Has.Count.EqualTo(1));
            Assert.That(sim.Now, Is.EqualTo(new Instant(20)));
            Assert.That(sim.PendingEvents, Is.EqualTo(1));
        });
    }

    [Test]
    public void Observer_SeesEveryEventBeforeDispatch()
    {
        var sim = new Simulation();
        var r = new Recorder(sim);
        var observed = new List<long>();
        sim.Observer = new CallbackObserver((t, _, _, arg) => observed.Add(arg));
        for (var i = 0; i < 10; i++)
        {
            sim.ScheduleAt(new Instant(i), r, 0, i);
        }
        sim.RunToCompletion();
        Assert.That(observed, Is.EqualTo(r.Seen.Select(s => s.Arg)));
        Assert.That(sim.EventsProcessed, Is.EqualTo(10));
    }

    private sealed class CallbackObserver(Action<Instant, EventTarget, int, long> callback) : ISimulationObserver
    {
        public void OnEvent(Instant time, EventTarget target, int kind, long arg) => callback(time, target, kind, arg);
    }
}
